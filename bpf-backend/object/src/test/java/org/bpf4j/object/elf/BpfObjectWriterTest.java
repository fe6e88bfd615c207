package org.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.btf.MapDefinitions;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.PseudoSrc;
import org.bpf4j.object.isa.Reg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Objects built by hand (no clang): what the writer lays out, and what it refuses. */
class BpfObjectWriterTest {
    private static final MapDefinition ARRAY = MapDefinition.sized(2, 4, 8, 4);

    /** r1 = &m; r1 = &.data + 4; r1 = &var; call helper; r0 = 0; exit. */
    private static ProgramSpec program(String section, String name) {
        List<Insn> insns = List.of(Insn.ldPseudo(PseudoSrc.MAP_FD, Reg.R1, 0, 0), Insn.ldPseudo(PseudoSrc.MAP_VALUE, Reg.R1, 4, 0),
                Insn.ldPseudo(PseudoSrc.MAP_VALUE, Reg.R1, 0, 0), Insn.callLocal(-1), Insn.mov64Imm(Reg.R0, 0), Insn.exit());
        List<Relocation> relocations = List.of(new Relocation(0, "m", Relocation.Kind.MAP),
                new Relocation(16, ".data", Relocation.Kind.MAP_VALUE), new Relocation(32, "var", Relocation.Kind.MAP_VALUE),
                new Relocation(48, "helper", Relocation.Kind.CALL));
        return ProgramSpec.of(section, name, insns, relocations);
    }

    private static ProgramSpec helper() {
        return new ProgramSpec(".text", "helper", false, List.of(Insn.mov64Imm(Reg.R0, 1), Insn.exit()), List.of());
    }

    private static List<DataSection> data() {
        return List.of(
                DataSection.initialized(".data", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, List.of(new DataVariable("var", 4, 4, true))),
                DataSection.initialized(".rodata", new byte[] {9}, List.of()),
                DataSection.zeroFilled(".bss", 24, List.of(new DataVariable("hidden", 16, 8, false))));
    }

    private static BpfObject handBuilt() {
        return new BpfObject("Dual BSD/GPL", List.of(program("xdp", "first"), program("xdp", "second")),
                List.of(helper()), List.of(new MapSpec("m", ARRAY)), data(), Optional.empty(), Optional.empty());
    }

    @Test
    void handBuiltObjectReadsBackEqual() {
        BpfObject object = handBuilt();
        assertEquals(object, BpfObjectReader.read(BpfObjectWriter.write(object)));
    }

    @Test
    void layoutSymbolsAndRelocations() {
        ElfFile elf = ElfFile.parse(BpfObjectWriter.write(handBuilt()));
        assertEquals(List.of("", ".text", "xdp", ".relxdp", ".data", ".rodata", ".bss", "maps", "license",
                ".symtab", ".strtab"), elf.sections().stream().map(ElfSection::name).toList());
        ElfSection xdp = elf.section("xdp").orElseThrow();
        assertEquals(Elf.SHF_ALLOC | Elf.SHF_EXECINSTR, xdp.flags());
        assertEquals(2 * 9 * 8, xdp.size(), "two programs of 9 slots each");
        assertEquals(Elf.SHF_ALLOC, elf.section(".rodata").orElseThrow().flags(), "read-only data is not writable");
        assertTrue(elf.section(".bss").orElseThrow().isNobits());

        ElfSymbol second = symbol(elf, "second");
        assertEquals(72, second.value(), "second program follows the first in its section");
        assertEquals(72, second.size());
        assertEquals(Elf.STB_LOCAL, symbol(elf, "helper").bind());
        assertEquals(Elf.STB_LOCAL, symbol(elf, "hidden").bind());
        assertEquals(Elf.STT_OBJECT, symbol(elf, "m").type());

        List<ElfRelocation> rels = elf.relocations(elf.section(".relxdp").orElseThrow());
        assertEquals(8, rels.size());
        assertEquals(List.of(0L, 16L, 32L, 48L, 72L, 88L, 104L, 120L), rels.stream().map(ElfRelocation::offset).toList());
        assertEquals(Elf.R_BPF_64_32, rels.get(3).type(), "calls use R_BPF_64_32");
        assertEquals(Elf.R_BPF_64_64, rels.get(0).type(), "LD_IMM64 uses R_BPF_64_64");
        ElfSymbol dataTarget = elf.symbols().get(rels.get(1).symbolIndex());
        assertEquals(Elf.STT_SECTION, dataTarget.type(), "a relocation naming .data uses its section symbol");
        assertEquals(elf.section(".data").orElseThrow().index(), dataTarget.sectionIndex());
        assertEquals("Dual BSD/GPL\0", new String(elf.contents(elf.section("license").orElseThrow())));
    }

    @Test
    void btfMapsGoToDotMapsAtTheirDatasecOffsets() {
        BtfBuilder builder = new BtfBuilder();
        MapDefinitions maps = new MapDefinitions(builder);
        maps.addMap("first", ARRAY);
        int second = maps.addMap("second", MapDefinition.sized(1, 8, 8, 64));
        maps.addMapsSection();
        Btf btf = builder.build();
        BpfObject object = new BpfObject("GPL", List.of(), List.of(),
                List.of(new MapSpec("first", ARRAY), new MapSpec("second", MapDefinition.sized(1, 8, 8, 64))),
                List.of(), Optional.of(btf), Optional.empty());
        ElfFile elf = ElfFile.parse(BpfObjectWriter.write(object));
        assertEquals(maps.sectionSize(), elf.section(".maps").orElseThrow().size());
        assertEquals(maps.offsetOf(second), symbol(elf, "second").value());
        assertEquals(object, BpfObjectReader.read(BpfObjectWriter.write(object)));
    }

    @Test
    void mapThatDisagreesWithItsBtfDefinition() {
        BtfBuilder builder = new BtfBuilder();
        MapDefinitions maps = new MapDefinitions(builder);
        maps.addMap("m", ARRAY);
        maps.addMapsSection();
        BpfObject object = new BpfObject("GPL", List.of(), List.of(), List.of(new MapSpec("m", MapDefinition.sized(2, 4, 8, 99))),
                List.of(), Optional.of(builder.build()), Optional.empty());
        assertMessage(() -> BpfObjectWriter.write(object), "map 'm' is defined as", "but its BTF .maps entry says");
    }

    @Test
    void btfMapWithoutASpec() {
        BtfBuilder builder = new BtfBuilder();
        MapDefinitions maps = new MapDefinitions(builder);
        maps.addMap("ghost", ARRAY);
        maps.addMapsSection();
        BpfObject object = new BpfObject("GPL", List.of(), List.of(), List.of(), List.of(), Optional.of(builder.build()), Optional.empty());
        assertMessage(() -> BpfObjectWriter.write(object), "declares maps the object does not have: [ghost]");
    }

    @Test
    void datasecSizeThatDisagreesWithTheSection() {
        BtfBuilder builder = new BtfBuilder();
        int u64 = builder.addInt("unsigned long long", 8, false);
        int var = builder.addVar("hidden", u64, Linkage.STATIC);
        builder.addDatasec(".bss", 16, List.of(new BtfType.VarSecInfo(var, 0, 8)));
        BpfObject object = new BpfObject("GPL", List.of(), List.of(), List.of(),
                List.of(DataSection.zeroFilled(".bss", 8, List.of(new DataVariable("hidden", 0, 8, false)))),
                Optional.of(builder.build()), Optional.empty());
        assertMessage(() -> BpfObjectWriter.write(object), "BTF datasec .bss declares 16 bytes but the section has 8");
    }

    @Test
    void datasecPlacingAVariableElsewhere() {
        BtfBuilder builder = new BtfBuilder();
        int u32 = builder.addInt("unsigned int", 4, false);
        int var = builder.addVar("flag", u32, Linkage.GLOBAL);
        builder.addDatasec(".data", 8, List.of(new BtfType.VarSecInfo(var, 0, 4)));
        BpfObject object = new BpfObject("GPL", List.of(), List.of(), List.of(),
                List.of(DataSection.initialized(".data", new byte[8], List.of(new DataVariable("flag", 4, 4, true)))),
                Optional.of(builder.build()), Optional.empty());
        assertMessage(() -> BpfObjectWriter.write(object), "variable 'flag' of .data is at 4+4 but BTF places it at 0+4");
    }

    @Test
    void lineInfoForASectionWithoutCode() {
        BtfExt ext = new BtfExt(List.of(), List.of(new BtfExt.Section<>("tc", List.of(new BtfExt.LineInfo(0, "A.java", "x();", 3, 1)))),
                List.of());
        BtfBuilder builder = new BtfBuilder();
        ext.addStringsTo(builder);
        BpfObject object = handBuilt().withBtf(builder.build(), ext);
        assertMessage(() -> BpfObjectWriter.write(object), ".BTF.ext has records for section 'tc', which holds no code");
    }

    @Test
    void lineInfoBeyondTheCode() {
        BtfExt ext = new BtfExt(List.of(), List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.LineInfo(144, "A.java", "x();", 3, 1)))),
                List.of());
        BtfBuilder builder = new BtfBuilder();
        ext.addStringsTo(builder);
        BpfObject object = handBuilt().withBtf(builder.build(), ext);
        assertMessage(() -> BpfObjectWriter.write(object), "is not at an instruction of its 144 bytes of code");
    }

    @Test
    void mapRelocationOnAnInstructionThatIsNoLoad() {
        ProgramSpec bad = ProgramSpec.of("xdp", "bad", List.of(Insn.mov64Imm(Reg.R0, 0), Insn.exit()),
                List.of(new Relocation(0, "m", Relocation.Kind.MAP)));
        BpfObject object = BpfObject.of("GPL", List.of(bad), List.of(new MapSpec("m", ARRAY)), List.of());
        assertMessage(() -> BpfObjectWriter.write(object), "MAP relocation of 'm' at byte 0", "cannot take it");
    }

    @Test
    void relocationInsideTheSecondSlotOfALoad() {
        ProgramSpec bad = ProgramSpec.of("xdp", "bad", List.of(Insn.ldImm64(Reg.R1, 0), Insn.exit()),
                List.of(new Relocation(8, "m", Relocation.Kind.MAP)));
        BpfObject object = BpfObject.of("GPL", List.of(bad), List.of(new MapSpec("m", ARRAY)), List.of());
        assertMessage(() -> BpfObjectWriter.write(object), "inside an LD_IMM64");
    }

    @Test
    void legacyMapCannotCarryBtfTypes() {
        BpfObject object = BpfObject.of("GPL", List.of(), List.of(new MapSpec("m", MapDefinition.typed(1, 3, 4, 3, 4, 8))), List.of());
        assertMessage(() -> BpfObjectWriter.write(object), "map 'm' needs a BTF .maps definition");
    }

    @Test
    void objectRefusesRelocationsToUndefinedSymbols() {
        ProgramSpec p = program("xdp", "p");
        assertMessage(() -> BpfObject.of("GPL", List.of(p), List.of(), data()),
                "MAP relocation names 'm', which the object does not define");
    }

    @Test
    void objectRefusesDuplicateNamesAndMisplacedFunctions() {
        assertMessage(() -> BpfObject.of("GPL", List.of(), List.of(new MapSpec("m", ARRAY), new MapSpec("m", ARRAY)), List.of()),
                "map name 'm' is used twice");
        assertMessage(() -> BpfObject.of("GPL", List.of(helper()), List.of(), List.of()), "is in .text, which holds subprograms only");
        assertMessage(() -> DataSection.initialized(".bss", new byte[4], List.of()), "use DataSection.zeroFilled");
        assertMessage(() -> DataSection.zeroFilled(".maps", 4, List.of()), "not a global data section name");
        assertMessage(() -> DataSection.initialized(".data", new byte[4], List.of(new DataVariable("v", 2, 4, true))),
                "does not fit in section .data of 4 bytes");
    }

    private static ElfSymbol symbol(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertMessage(Executable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        for (String part : parts) assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' lacks '" + part + "'");
    }
}
