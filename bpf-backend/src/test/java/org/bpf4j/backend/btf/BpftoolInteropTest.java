package org.bpf4j.backend.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libbpf (through bpftool) reads the BTF this package writes, and sees the same types. */
class BpftoolInteropTest {

    @Test
    void bpftoolReadsEveryKindAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("every.btf");
        Files.write(file, BtfBuilderTest.everyKind().encode());
        assertEquals(expected("every_kind.bpftool.txt"), BpftoolTool.dumpRaw(file));
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = BpftoolInteropTest.class.getResourceAsStream("/btf/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
