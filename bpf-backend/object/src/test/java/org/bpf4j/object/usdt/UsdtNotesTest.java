package org.bpf4j.object.usdt;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.object.elf.Elf;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.elf.ElfSection;
import org.bpf4j.object.elf.ElfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probes of real libjvm.so files against binutils' readelf, and the errors for files without them. */
class UsdtNotesTest {
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /** x86-64 {@code nop}: what sys/sdt.h puts at every probe site. */
    static final byte NOP = (byte) 0x90;

    @TempDir
    Path dir;

    @Test
    void theRunningJvmsLibjvmMatchesReadelfOnEveryNote() throws Exception {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        assertTrue(Files.isRegularFile(libjvm), libjvm + " is missing");
        assertMatchesReadelf(libjvm);
    }

    @Test
    void temurin25sLibjvmMatchesReadelfOnEveryNote() throws Exception {
        Path libjvm = TEMURIN_25.resolve("lib/server/libjvm.so");
        assumeTrue(Files.isRegularFile(libjvm), "no Temurin 25 at " + TEMURIN_25);
        assertMatchesReadelf(libjvm);
    }

    private static void assertMatchesReadelf(Path libjvm) throws Exception {
        List<Readelf.Note> expected = Readelf.stapsdtNotes(libjvm);
        List<UsdtProbe> probes = UsdtNotes.read(libjvm);
        assertTrue(expected.size() > 500, "readelf lists only " + expected.size() + " notes in " + libjvm);
        assertEquals(expected.size(), probes.size());
        byte[] file = Files.readAllBytes(libjvm);
        for (int i = 0; i < probes.size(); i++) {
            Readelf.Note want = expected.get(i);
            UsdtProbe got = probes.get(i);
            String what = "note " + i + " (" + want.provider() + ":" + want.name() + ")";
            assertEquals(want.provider(), got.provider(), what);
            assertEquals(want.name(), got.name(), what);
            assertEquals(want.location(), got.address(), what);
            assertEquals(want.semaphore(), got.semaphoreAddress(), what);
            assertEquals(want.arguments(), got.argumentSpec(), what);
            assertEquals(want.arguments().isEmpty() ? 0 : want.arguments().split(" ").length, got.arguments().size(), what);
            assertEquals(NOP, file[(int) got.fileOffset()], what + ": the uprobe offset is not the site's nop");
        }
    }

    @Test
    void aMovedStapsdtBaseShiftsEverySiteByTheSameAmount() throws Exception {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        byte[] bytes = Files.readAllBytes(libjvm);
        ElfFile elf = ElfFile.parse(bytes);
        ElfSection base = elf.section(UsdtNotes.BASE_SECTION).orElseThrow();
        // As if prelinked 4 KiB higher: the section moved, the notes still record the old address.
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int addressField = (int) (b.getLong(40) + (long) base.index() * Elf.SHDR_SIZE + 16);
        b.putLong(addressField, base.address() + 0x1000);
        List<UsdtProbe> original = UsdtNotes.read(libjvm);
        List<UsdtProbe> moved = UsdtNotes.probes(ElfFile.parse(bytes), "moved libjvm.so");
        for (int i = 0; i < original.size(); i++) {
            assertEquals(original.get(i).address() + 0x1000, moved.get(i).address());
            assertEquals(original.get(i).fileOffset() + 0x1000, moved.get(i).fileOffset());
        }
    }

    @Test
    void filesWithoutProbesAreRejectedByName() throws Exception {
        Path missing = dir.resolve("nosuch");
        assertMessage(missing, "cannot read USDT probes of " + missing + ": no such file");
        Path text = Files.writeString(dir.resolve("text"), "not an ELF file at all, just some words\n".repeat(3));
        assertMessage(text, "cannot read USDT probes of " + text + ": not an ELF file");
        ElfWriter w = new ElfWriter(Elf.ET_REL, Elf.EM_X86_64);
        w.addSection(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 1, new byte[] {NOP});
        Path bare = Files.write(dir.resolve("bare.o"), w.toByteArray());
        assertMessage(bare, bare + " has no USDT probes: no .note.stapsdt section");
    }

    private static void assertMessage(Path file, String expected) {
        UsdtException e = assertThrows(UsdtException.class, () -> UsdtNotes.read(file));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
