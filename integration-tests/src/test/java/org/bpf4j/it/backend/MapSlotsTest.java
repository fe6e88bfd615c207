package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Initial map slots survive our rewrite: libbpf fills the map-in-map and the program array of
 * our copy of map_init.bpf.o exactly as it fills those of clang's original.
 */
@KernelTest
class MapSlotsTest {
    private static final Pattern KEY = Pattern.compile("^key: ([0-9a-f]{2}) 00 00 00\\s+value: .*$");

    @Test
    void libbpfFillsTheSlotsOfTheRewrittenObject(@TempDir Path tmp) throws Exception {
        Prerequisites.requireTool("clang");
        Prerequisites.requireTool("bpftool");
        Path source = Tools.REPOSITORY.resolve("bpf-backend/object/src/test/resources/elf/map_init.bpf.c");
        Path clang = Tools.clang(source, Files.createDirectory(tmp.resolve("clang")));
        Path ours = Rewrite.rewrite(List.of(clang), Files.createDirectory(tmp.resolve("ours"))).get(0);
        for (Path object : List.of(clang, ours)) {
            assertEquals(List.of("01"), filledKeys(object, "jumps"), object + ": the tail-call target in slot 1");
            assertEquals(List.of("00", "02"), filledKeys(object, "outer_init"), object + ": inner maps in slots 0 and 2");
        }
    }

    /** Loads the object with bpftool, maps pinned in a directory of our own, and lists the keys a map holds. */
    private static List<String> filledKeys(Path object, String map) throws Exception {
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-slots-" + UUID.randomUUID());
        try {
            Files.createDirectory(pins);
            ExternalProcess.stdoutOf("bpftool", "prog", "loadall", object.toString(), pins.resolve("progs").toString(),
                    "pinmaps", pins.resolve("maps").toString());
            String dump = ExternalProcess.stdoutOf("bpftool", "map", "dump", "pinned", pins.resolve("maps").resolve(map).toString());
            return dump.lines().map(KEY::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
        } finally {
            Tools.deleteRecursively(pins);
        }
    }
}
