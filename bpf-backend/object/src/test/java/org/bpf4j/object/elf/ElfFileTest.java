package org.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic reader and writer: structure of written files and a clear error for each malformation. */
class ElfFileTest {
    private static final byte[] CODE = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    /** null, .text, .rel.text, .bss, .symtab, .strtab; symbols: helper (local), main, counter. */
    private static byte[] sample() {
        ElfWriter w = new ElfWriter(Elf.ET_REL, Elf.EM_BPF);
        ElfWriter.Section text = w.addSection(".text", Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, 8, CODE);
        ElfWriter.Section bss = w.addNobits(".bss", Elf.SHF_ALLOC | Elf.SHF_WRITE, 8, 8);
        w.addSymbol("main", Elf.STB_GLOBAL, Elf.STT_FUNC, Elf.STV_DEFAULT, text, 0, 16);
        ElfWriter.Symbol counter = w.addSymbol("counter", Elf.STB_GLOBAL, Elf.STT_OBJECT, Elf.STV_DEFAULT, bss, 0, 8);
        w.addSymbol("helper", Elf.STB_LOCAL, Elf.STT_FUNC, Elf.STV_DEFAULT, text, 8, 8);
        w.addRelocation(text, 0, counter, Elf.R_BPF_64_64);
        return w.toByteArray();
    }

    @Test
    void writtenFileHasLocalsFirstAlignedSectionsAndLinkedRelocations() {
        ElfFile elf = ElfFile.parse(sample());
        assertEquals(Elf.ET_REL, elf.type());
        assertEquals(Elf.EM_BPF, elf.machine());
        assertEquals(List.of("", ".text", ".rel.text", ".bss", ".symtab", ".strtab"),
                elf.sections().stream().map(ElfSection::name).toList());
        for (ElfSection s : elf.sections()) {
            if (s.alignment() > 1) assertEquals(0, s.offset() % s.alignment(), s.toString());
        }
        assertArrayEquals(CODE, elf.contents(elf.section(".text").orElseThrow()));
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertTrue(bss.isNobits());
        assertEquals(8, bss.size());
        assertEquals(0, elf.contents(bss).length);

        List<ElfSymbol> symbols = elf.symbols();
        assertEquals(List.of("", "helper", "main", "counter"), symbols.stream().map(ElfSymbol::name).toList());
        ElfSection symtab = elf.section(".symtab").orElseThrow();
        assertEquals(2, symtab.info(), "sh_info is the index of the first global symbol");
        assertEquals(elf.section(".strtab").orElseThrow().index(), symtab.link());
        assertEquals(Elf.STB_LOCAL, symbols.get(1).bind());
        assertEquals(Elf.STT_FUNC, symbols.get(1).type());
        assertEquals(8, symbols.get(1).value());

        ElfSection rel = elf.section(".rel.text").orElseThrow();
        assertEquals(elf.section(".text").orElseThrow().index(), rel.info());
        assertEquals(symtab.index(), rel.link());
        assertEquals(List.of(new ElfRelocation(0, 3, Elf.R_BPF_64_64)), elf.relocations(rel));
        assertEquals(List.of(rel), elf.relocationSectionsFor(elf.section(".text").orElseThrow()));
    }

    @Test
    void readsSharedLibrariesAndMapsAddressesToFileOffsets() throws Exception {
        ElfFile jvm = ElfFile.read(Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so"));
        assertEquals(Elf.ET_DYN, jvm.type());
        ElfSymbol create = jvm.dynamicSymbols().stream().filter(s -> s.name().equals("JNI_CreateJavaVM"))
                .findFirst().orElseThrow();
        assertEquals(Elf.STT_FUNC, create.type());
        ElfSection text = jvm.section(create.definingSection());
        assertEquals(text.offset() + (create.value() - text.address()), jvm.fileOffsetOf(create.value()).orElseThrow());
    }

    @Test
    void extendedSectionNumbering() {
        byte[] b = sample();
        ByteBuffer le = le(b);
        int first = header(b, 0);
        le.putLong(first + 32, 6).putInt(first + 40, 5);
        le.putShort(60, (short) 0).putShort(62, (short) Elf.SHN_XINDEX);
        assertEquals(ElfFile.parse(sample()).sections().subList(1, 6), ElfFile.parse(b).sections().subList(1, 6),
                "count from section 0's sh_size, string table index from its sh_link");
    }

    @Test
    void shortFile() {
        assertMessage(new byte[10], "shorter than the 64-byte ELF64 header");
    }

    @Test
    void badMagic() {
        byte[] b = sample();
        b[1] = 'X';
        assertMessage(b, "bad magic");
    }

    @Test
    void thirtyTwoBitClass() {
        byte[] b = sample();
        b[4] = 1;
        assertMessage(b, "unsupported ELF class 1");
    }

    @Test
    void bigEndian() {
        byte[] b = sample();
        b[5] = 2;
        assertMessage(b, "only little-endian");
    }

    @Test
    void wrongMachineForABpfObject() {
        byte[] b = sample();
        le(b).putShort(18, (short) Elf.EM_X86_64);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> BpfObjectReader.read(b));
        assertTrue(e.getMessage().contains("e_machine is 62, expected EM_BPF"), e.getMessage());
    }

    @Test
    void truncatedSectionHeaderTable() {
        byte[] b = sample();
        assertMessage(java.util.Arrays.copyOf(b, b.length - 10), "section header table of 6 entries");
    }

    @Test
    void sectionContentsOutsideTheFile() {
        byte[] b = sample();
        le(b).putLong(header(b, 1) + 24, 1L << 40);
        assertMessage(b, "contents of section [1] at offset 1099511627776 with size 16 lies outside the file");
    }

    @Test
    void sectionSizeOutsideTheFile() {
        byte[] b = sample();
        le(b).putLong(header(b, 1) + 32, -1L);
        assertMessage(b, "contents of section [1]");
    }

    @Test
    void sectionNameStringTableIndexOutOfRange() {
        byte[] b = sample();
        le(b).putShort(62, (short) 40);
        assertMessage(b, "section name string table index 40 is out of range (6 sections)");
    }

    @Test
    void sectionNameOutsideTheStringTable() {
        byte[] b = sample();
        le(b).putInt(header(b, 1), 100_000);
        assertMessage(b, "name of section [1]: string index 100000 is outside string table section [5]");
    }

    @Test
    void stringWithoutTerminator() {
        byte[] b = sample();
        ByteBuffer le = le(b);
        int strtab = (int) le.getLong(header(b, 5) + 24);
        int size = (int) le.getLong(header(b, 5) + 32);
        b[strtab + size - 1] = 'x';
        assertMessage(b, "is not NUL-terminated");
    }

    @Test
    void symbolInSectionOutOfRange() {
        byte[] b = sample();
        int symtab = (int) le(b).getLong(header(b, 4) + 24);
        le(b).putShort(symtab + 2 * Elf.SYM_SIZE + 6, (short) 77);
        assertMessage(b, "symbol 2 of section [4] '.symtab' is defined in section 77, out of range (6 sections)");
    }

    @Test
    void symbolTableWithPartialEntry() {
        byte[] b = sample();
        le(b).putLong(header(b, 4) + 32, 4 * Elf.SYM_SIZE - 1);
        assertMessage(b, "is not a multiple of the 24-byte symbol entry");
    }

    @Test
    void relocationSymbolOutOfRange() {
        byte[] b = sample();
        int rel = (int) le(b).getLong(header(b, 2) + 24);
        le(b).putLong(rel + 8, (9L << 32) | Elf.R_BPF_64_64);
        assertMessage(b, "relocation 0 of section [2] '.rel.text' refers to symbol 9, out of range (4 symbols)");
    }

    @Test
    void relocationSectionNotLinkedToASymbolTable() {
        byte[] b = sample();
        le(b).putInt(header(b, 2) + 40, 1);
        assertMessage(b, "sh_link 1 does not name a symbol table");
    }

    @Test
    void sectionLinkOutOfRange() {
        byte[] b = sample();
        le(b).putInt(header(b, 2) + 40, 99);
        assertMessage(b, "links to section 99, out of range");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfFile.parse(bytes));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int header(byte[] b, int index) {
        return (int) le(b).getLong(40) + index * Elf.SHDR_SIZE;
    }
}
