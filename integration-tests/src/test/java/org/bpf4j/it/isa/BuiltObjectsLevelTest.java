package org.bpf4j.it.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.IsaLevel;
import org.junit.jupiter.api.Test;

/**
 * Every object the build wrote (the samples, the benchmark ports, this module's programs: all
 * {@code META-INF/bpf/*.bpf.o} on the test class path) is decoded instruction by instruction and
 * needs no more than the default ISA level, so it loads on every kernel since 5.1.
 */
class BuiltObjectsLevelTest {
    private static final String OBJECTS = "META-INF/bpf/";

    @Test
    void everyBuiltObjectNeedsAtMostTheDefaultLevel() throws IOException {
        Map<String, byte[]> objects = builtObjects();
        for (String module : List.of("org.bpf4j.samples.", "org.bpf4j.bench.", "org.bpf4j.it.")) {
            assertTrue(objects.keySet().stream().anyMatch(n -> n.contains(module)), "no object of " + module + " found");
        }
        List<String> above = new ArrayList<>();
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            for (ProgramSpec p : BpfObjectReader.read(o.getValue()).programs()) {
                IsaLevel.Requirement needed = IsaLevel.required(p.insns());
                if (!Pipeline.DEFAULT_LEVEL.includes(needed.level())) {
                    above.add(o.getKey() + " " + p.name() + ": " + needed.describe());
                }
            }
        }
        System.out.printf("%d objects checked for ISA %s%n", objects.size(), Pipeline.DEFAULT_LEVEL.cpuName());
        assertTrue(above.isEmpty(), "above " + Pipeline.DEFAULT_LEVEL.cpuName() + ":\n" + String.join("\n", above));
    }

    /** Object name to bytes, from the directories and jars of the class path. */
    private static Map<String, byte[]> builtObjects() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path root = Path.of(entry);
            if (Files.isDirectory(root.resolve(OBJECTS))) {
                try (Stream<Path> files = Files.list(root.resolve(OBJECTS))) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".bpf.o")).sorted().toList()) {
                        out.put(f.getFileName().toString(), Files.readAllBytes(f));
                    }
                }
            } else if (entry.endsWith(".jar") && Files.isRegularFile(root)) {
                try (ZipFile jar = new ZipFile(root.toFile())) {
                    for (ZipEntry e : jar.stream().filter(e -> e.getName().startsWith(OBJECTS) && e.getName().endsWith(".bpf.o")).toList()) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.put(e.getName().substring(OBJECTS.length()), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return out;
    }
}
