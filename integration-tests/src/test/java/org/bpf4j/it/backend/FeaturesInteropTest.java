package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.elf.Rewrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature object (several programs per section, static and global subprograms, every kind
 * of global data, string literals, map-in-map, a bpf_loop callback), rewritten by us, becomes the
 * same kernel code as clang's original: after libbpf's relocation the verifier's translated
 * programs, source lines included, are identical up to the numbering of map ids.
 */
@KernelTest
class FeaturesInteropTest {
    private static final List<String> PROGRAMS = List.of("prog_a", "prog_b", "prog_c", "prog_d");
    private static final Pattern MAP_ID = Pattern.compile("map\\[id:(\\d+)\\]");

    @Test
    void rewrittenObjectTranslatesToTheSameKernelCode(@TempDir Path tmp) throws Exception {
        Prerequisites.requireTool("clang");
        Prerequisites.requireTool("bpftool");
        Path source = Tools.REPOSITORY.resolve("bpf-backend/object/src/test/resources/elf/features.bpf.c");
        Path clang = Tools.clang(source, Files.createDirectory(tmp.resolve("clang")), "-DNO_PINNING");
        Path ours = Rewrite.rewrite(List.of(clang), Files.createDirectory(tmp.resolve("ours"))).get(0);
        Map<String, String> expected = translated(clang);
        Map<String, String> actual = translated(ours);
        for (String program : PROGRAMS) {
            assertTrue(expected.get(program).contains("; "), "clang's program has line info:\n" + expected.get(program));
            assertEquals(expected.get(program), actual.get(program), program);
        }
    }

    /** Per program, bpftool's dump of the translated code with map ids renumbered in order of appearance. */
    private static Map<String, String> translated(Path object) throws Exception {
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-features-" + UUID.randomUUID());
        try {
            ExternalProcess.stdoutOf("bpftool", "prog", "loadall", object.toString(), pins.toString());
            Map<String, String> dumps = new LinkedHashMap<>();
            for (String program : PROGRAMS) {
                String dump = ExternalProcess.stdoutOf("bpftool", "prog", "dump", "xlated", "pinned", pins.resolve(program).toString());
                dumps.put(program, renumberMaps(dump));
            }
            return dumps;
        } finally {
            Tools.deleteRecursively(pins);
        }
    }

    private static String renumberMaps(String dump) {
        Map<String, Integer> numbers = new HashMap<>();
        Matcher m = MAP_ID.matcher(dump);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = numbers.computeIfAbsent(m.group(1), id -> numbers.size() + 1);
            m.appendReplacement(out, "map[#" + n + "]");
        }
        m.appendTail(out);
        return out.toString();
    }
}
