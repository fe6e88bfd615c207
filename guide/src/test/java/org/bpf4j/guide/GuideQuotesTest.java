package org.bpf4j.guide;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/GUIDE.md and the tested code from drifting apart: each Java block there begins
 * with {@code // <path>} and the rest of the block must occur, unchanged, in that file.
 */
class GuideQuotesTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path GUIDE = REPOSITORY.resolve("docs/GUIDE.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SOURCE_LINE = Pattern.compile("// ((?:guide|prometheus)/src/\\S+\\.java)\n");

    /** One fenced Java block: the file it quotes and the quoted text. */
    record Quote(int line, String file, String text) {}

    @Test
    void everyJavaBlockIsQuotedFromATestedFile() throws IOException {
        List<Quote> quotes = quotes(Files.readString(GUIDE));
        assertTrue(quotes.size() >= 21, "the guide has fewer Java blocks than expected: " + quotes.size());
        for (Quote quote : quotes) {
            Path source = REPOSITORY.resolve(quote.file());
            assertTrue(Files.isRegularFile(source), "GUIDE.md line " + quote.line() + " names a missing file " + source);
            if (!Files.readString(source).contains(quote.text())) {
                fail("GUIDE.md line " + quote.line() + ": the block is not in " + quote.file()
                        + " as quoted; copy it again from the file:\n" + quote.text());
            }
        }
    }

    @Test
    void everyExampleProgramIsQuoted() throws IOException {
        String guide = Files.readString(GUIDE);
        try (var files = Files.walk(REPOSITORY.resolve("guide/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")
                    && !f.getFileName().toString().equals("package-info.java")).toList()) {
                String relative = REPOSITORY.relativize(file).toString();
                assertTrue(guide.contains("// " + relative + "\n"), relative + " is not shown in GUIDE.md");
            }
        }
    }

    private static List<Quote> quotes(String markdown) {
        List<Quote> quotes = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(markdown);
        while (block.find()) {
            int line = 1 + (int) markdown.substring(0, block.start()).chars().filter(c -> c == '\n').count();
            Matcher source = SOURCE_LINE.matcher(block.group(1));
            if (!source.lookingAt()) fail("GUIDE.md line " + line + ": a Java block must begin with // <tested file>");
            quotes.add(new Quote(line, source.group(1), block.group(1).substring(source.end()).stripTrailing()));
        }
        return quotes;
    }
}
