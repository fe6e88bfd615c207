package org.bpf4j.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader and loader defects found by hand, each a single field changed in a valid object. */
@KernelTest
class MalformedObjectTest {
    @TempDir
    Path dir;
    byte[] features, legacy;

    @BeforeEach
    void compile() throws Exception {
        features = Files.readAllBytes(ClangObjects.compile("features", FuzzCorpus.FEATURES, dir));
        legacy = Files.readAllBytes(ClangObjects.compile("legacy", FuzzCorpus.LEGACY_MAPS, dir));
    }

    private static BpfException refused(byte[] elf) {
        return assertThrows(BpfException.class, () -> BpfObjectFile.open(elf, "bad").load().close());
    }

    private static void assertNames(BpfException e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }

    @Test
    void symbolTableOfTypeDynsym() {
        assertNames(refused(ElfPatch.u32(features, ".symtab", ElfPatch.SH_TYPE, 11)), "'bad'", "symbol");
    }

    @Test
    void programSectionSmallerThanItsFunctions() {
        assertNames(refused(ElfPatch.u64(features, "xdp", ElfPatch.SH_SIZE, 8)), "'bad'", "xdp");
    }

    @Test
    void legacyMapsSectionOfTypeNobits() {
        assertNames(refused(ElfPatch.u32(legacy, "maps", ElfPatch.SH_TYPE, 8)), "'bad'", "maps");
    }

    @Test
    void hugeBssIsRefusedWithoutAllocatingIt() {
        assertNames(refused(ElfPatch.u64(features, ".bss", ElfPatch.SH_SIZE, 0x7fffffffL)), "'bad'", ".bss");
    }

    @Test
    void unknownProgramSectionNameIsABpfExceptionNamingIt() {
        byte[] elf = features.clone();
        int name = ElfPatch.offset(elf, ".strtab");
        // "socket" -> "sockex": the program's section, and its relocations' ".relsocket" sharing the string
        String strings = new String(elf, name, elf.length - name, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = strings.indexOf("socket\0") - 1;
        assertTrue(at >= 0, "the section name is in .strtab");
        elf[name + at + 6] = 'x';
        assertNames(refused(elf), "'bad'", "program 'filter'", "sockex");
    }

    /**
     * Every 4-byte word of the BTF types set to 0 in turn (type references become "void"):
     * open and load end in a value or a BpfException naming the object, never a bare
     * "no BTF type with id 0".
     */
    @Test
    void everyBtfTypeWordZeroed() {
        int btf = ElfPatch.offset(features, ".BTF");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(features).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int types = btf + b.getInt(btf + 4) + b.getInt(btf + 8), length = b.getInt(btf + 12);
        for (int at = types; at < types + length; at += 4) {
            if (b.getInt(at) == 0) continue;
            byte[] elf = features.clone();
            java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, 0);
            try {
                BpfObjectFile.open(elf, "bad").load().close();
            } catch (BpfException e) {
                assertTrue(e.getMessage().contains("'bad'"), "word at " + at + ": " + e.getMessage());
            }
        }
    }
}
