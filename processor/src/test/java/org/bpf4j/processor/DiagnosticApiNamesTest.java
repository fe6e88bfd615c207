package org.bpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class and member a diagnostic names exists: the prose string literals of the processor
 * (those with a space and no JavaPoet {@code $} placeholder: the messages) are searched for
 * {@code Type.member}, {@code @Annotation} and {@code BpfXxx} names, and each is resolved against
 * the language, the runtime and the JDK the user writes against.
 */
class DiagnosticApiNamesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/bpf4j/processor");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    /** Not after a '-': {@code -Abpf4j.cpu} is a processor option, not a member. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.-])([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)");
    private static final Pattern TYPE = Pattern.compile("(?<![\\w.])(?:@([A-Z][A-Za-z0-9]*)|(Bpf[A-Z][A-Za-z0-9]*))");
    private static final List<String> PACKAGES = List.of("org.bpf4j.lang", "org.bpf4j.annotation", "java.lang",
            "java.util", "org.bpf4j.runtime", "org.bpf4j.processor");
    /** Types the messages invent as examples of the user's own ({@code @KernelStruct class Task}). */
    private static final Set<String> EXAMPLES = Set.of("Task");

    @Test
    void everyNameInAMessageResolves() throws IOException {
        Set<String> unresolved = new TreeSet<>();
        int names = 0;
        for (String message : messages()) {
            Matcher q = QUALIFIED.matcher(message);
            while (q.find()) {
                names++;
                if (!EXAMPLES.contains(q.group(1)) && !resolves(q.group(1), q.group(2))) {
                    unresolved.add(q.group() + "  in: " + message);
                }
            }
            Matcher t = TYPE.matcher(message);
            while (t.find()) {
                names++;
                String type = t.group(1) != null ? t.group(1) : t.group(2);
                if (type(type).isEmpty()) {
                    unresolved.add(t.group() + "  in: " + message);
                }
            }
        }
        assertTrue(names > 50, "found only " + names + " names: the extraction broke");
        assertTrue(unresolved.isEmpty(), "messages name API that does not exist:\n" + String.join("\n", unresolved));
    }

    /** The bad names the old messages had are caught. */
    @Test
    void theCheckCatchesMadeUpNames() {
        assertTrue(type("BpfPerCpuArray").isEmpty());
        assertTrue(!resolves("Bpf", "printk"));
        assertTrue(resolves("Bpf", "tracePrintk") && type("BpfPerCpuArrayMap").isPresent());
    }

    private static List<String> messages() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL.matcher(Files.readString(file));
                while (m.find()) {
                    String text = m.group(1);
                    if (text.contains(" ") && !text.contains("$")) {
                        out.add(text);
                    }
                }
            }
        }
        return out;
    }

    private static boolean resolves(String type, String member) {
        Optional<Class<?>> c = type(type);
        if (c.isEmpty()) {
            return false;
        }
        if (member.equals("class")) {
            return true;
        }
        return Stream.of(c.get().getMethods(), c.get().getFields())
                .flatMap(Stream::of).map(Member::getName).anyMatch(member::equals);
    }

    private static Optional<Class<?>> type(String simpleName) {
        for (String pkg : PACKAGES) {
            try {
                return Optional.of(Class.forName(pkg + "." + simpleName));
            } catch (ClassNotFoundException e) {
                // next package
            }
        }
        return Optional.empty();
    }
}
