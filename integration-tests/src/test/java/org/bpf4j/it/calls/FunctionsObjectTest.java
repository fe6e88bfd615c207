package org.bpf4j.it.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The object of {@link Functions} really holds its {@code @BpfFunction} methods as subprograms
 * in {@code .text}, called by BPF-to-BPF {@code call} instructions (so the test fails if they
 * were inlined), and libbpf ({@code bpftool prog loadall}) loads it, with the Java lines of the
 * subprograms in the line info.
 */
@KernelTest
class FunctionsObjectTest {
    private static final Pattern FUNCTION = Pattern.compile("^[0-9a-f]+ <(\\w+)>:$");
    private static final Pattern SYMBOL = Pattern.compile("^[0-9a-f]+ ([lg])\\s+F \\.text\\s+[0-9a-f]+ (\\w+)$");
    private static final Pattern CALL_RELOCATION = Pattern.compile("R_BPF_64_32\\s+(\\w+)$");

    private Path dir;
    private Path object;

    @BeforeEach
    void writeObject() throws IOException {
        dir = Files.createTempDirectory("bpf4j-calls");
        object = dir.resolve("functions.bpf.o");
        try (InputStream in = Functions.class.getResourceAsStream(FunctionsSkeleton.RESOURCE)) {
            assertNotNull(in, FunctionsSkeleton.RESOURCE + " is not on the class path");
            Files.copy(in, object);
        }
    }

    @AfterEach
    void deleteObject() throws IOException {
        Files.deleteIfExists(object);
        Files.deleteIfExists(dir);
    }

    @Test
    void subprogramsAreCalledNotInlined() throws Exception {
        String disassembly = ExternalProcess.stdoutOf(Prerequisites.requireTool("llvm-objdump").toString(), "-dr", object.toString());
        // calls per caller and callee, from the CALL relocations under each function
        Map<String, Integer> calls = new TreeMap<>();
        String function = null;
        for (String line : disassembly.split("\n")) {
            Matcher f = FUNCTION.matcher(line.trim());
            if (f.matches()) {
                function = f.group(1);
            }
            Matcher c = CALL_RELOCATION.matcher(line.trim());
            if (c.find()) {
                calls.merge(function + "->" + c.group(1), 1, Integer::sum);
            }
        }
        String text = disassembly.substring(disassembly.indexOf("Disassembly of section .text:"),
                disassembly.indexOf("Disassembly of section xdp:"));
        for (String f : List.of("mix", "fold", "isOdd", "low", "accumulate", "record", "scramble", "sizes", "sum", "byteSum", "pick",
                "fill", "weight", "triangle")) {
            assertTrue(text.contains("<" + f + ">:"), f + " is a subprogram in .text:\n" + text);
        }
        assertEquals(Map.ofEntries(Map.entry("hashes->mix", 5), Map.entry("hashes->accumulate", 2), Map.entry("hashes->isOdd", 1),
                Map.entry("hashes->low", 1), Map.entry("hashes->sum", 1), Map.entry("hashes->pick", 1),
                Map.entry("hashes->byteSum", 1), Map.entry("hashes->weight", 1), Map.entry("hashes->triangle", 1),
                Map.entry("hashes->scramble", 1), Map.entry("hashes->fold", 1),
                Map.entry("fold->mix", 4), Map.entry("counts->mix", 2), Map.entry("counts->record", 1),
                Map.entry("counts->sizes", 2), Map.entry("report->fill", 1), Map.entry("fill->mix", 1)), calls, disassembly);
    }

    /** Global functions are verified once, for any arguments; static ones at each call. */
    @Test
    void integerOnlyFunctionsAreGlobalTheOthersStatic() throws Exception {
        String symbols = ExternalProcess.stdoutOf(Prerequisites.requireTool("llvm-objdump").toString(), "-t", object.toString());
        Map<String, String> binding = new TreeMap<>();
        for (String line : symbols.split("\n")) {
            Matcher m = SYMBOL.matcher(line);
            if (m.find()) {
                binding.put(m.group(2), m.group(1));
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (String f : List.of("mix", "fold", "isOdd", "low", "weight", "triangle")) {
            expected.put(f, "g");
        }
        for (String f : List.of("accumulate", "record", "scramble", "sizes", "sum", "byteSum", "pick", "fill")) {
            expected.put(f, "l");
        }
        binding.keySet().retainAll(expected.keySet());
        assertEquals(expected, binding, symbols);
    }

    @Test
    void libbpfLoadsTheObjectAndShowsTheSubprogramsJavaLines() throws Exception {
        String bpftool = Prerequisites.requireTool("bpftool").toString();
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-it-calls-" + ProcessHandle.current().pid());
        try {
            ExternalProcess.stdoutOf(bpftool, "prog", "loadall", object.toString(), pins.toString());
            String hashes = ExternalProcess.stdoutOf(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("hashes").toString());
            assertTrue(hashes.contains("acc.mixed ^= (long) v << (v & 31);"), "line of accumulate in:\n" + hashes);
            assertTrue(hashes.contains("h *= 0x85EBCA6B;"), "line of mix in:\n" + hashes);
            String counts = ExternalProcess.stdoutOf(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("counts").toString());
            assertTrue(counts.contains("s.total += v;"), "line of record in:\n" + counts);
        } finally {
            // the pins hold the only references: removing them unloads the programs and maps
            if (Files.isDirectory(pins)) {
                try (Stream<Path> files = Files.list(pins)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(pins);
            }
        }
    }
}
