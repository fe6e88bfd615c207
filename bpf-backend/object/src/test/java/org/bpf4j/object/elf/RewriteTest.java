package org.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewriteTest {
    @Test
    void writesEachInputUnderItsNameIntoTheOutputDirectory(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectory(tmp.resolve("in"));
        Path a = Files.write(in.resolve("xdp_pass.bpf.o"), TestObjects.bytes("xdp_pass"));
        Path b = Files.write(in.resolve("features.bpf.o"), TestObjects.bytes(TestObjects.FEATURES));
        Path out = tmp.resolve("out");
        Files.createDirectory(out);
        List<Path> written = Rewrite.rewrite(List.of(a, b), out);
        assertEquals(List.of(out.resolve("xdp_pass.bpf.o"), out.resolve("features.bpf.o")), written);
        for (int i = 0; i < 2; i++) {
            assertEquals(BpfObjectReader.read(List.of(a, b).get(i)), BpfObjectReader.read(written.get(i)));
        }
    }

    @Test
    void namesTheFileThatIsNotAnObject(@TempDir Path tmp) throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.o"), "not an ELF file at all, but long enough to hold a 64-byte ELF header.");
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> Rewrite.rewrite(List.of(junk), tmp));
        assertTrue(e.getMessage().startsWith(junk + ": not an ELF file: bad magic"), e.getMessage());
    }
}
