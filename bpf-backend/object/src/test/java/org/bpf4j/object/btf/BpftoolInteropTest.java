package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** libbpf (through bpftool) reads the BTF this package writes and reads, and sees the same types. */
class BpftoolInteropTest {

    static java.util.List<String> names() {
        return ClangBlobs.NAMES;
    }

    @Test
    void bpftoolReadsEveryKindAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("every.btf");
        Btf btf = BtfBuilderTest.everyKind();
        Files.write(file, btf.encode());
        String dump = BpftoolTool.dumpRaw(file);
        assertEquals(expected("every_kind.bpftool.txt"), dump);
        assertEquals(dump, BpftoolRawFormat.format(btf));
    }

    @ParameterizedTest
    @MethodSource("names")
    void weDecodeClangBtfAsBpftoolDoes(String name, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(name + ".btf");
        Files.write(file, ClangBlobs.btf(name));
        assertEquals(BpftoolTool.dumpRaw(file), BpftoolRawFormat.format(Btf.parse(ClangBlobs.btf(name))));
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = BpftoolInteropTest.class.getResourceAsStream("/btf/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
