package org.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.elf.Relocation.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class BpfObjectRoundTripTest {
    static final List<String> ALL = TestObjects.ALL;
    static final List<String> REFERENCES = TestObjects.REFERENCES;

    @ParameterizedTest
    @FieldSource("ALL")
    void readWriteReadGivesAnEqualObject(String name) {
        BpfObject first = BpfObjectReader.read(TestObjects.bytes(name));
        byte[] written = BpfObjectWriter.write(first);
        BpfObject second = BpfObjectReader.read(written);
        assertEquals(first, second);
        assertArrayEquals(written, BpfObjectWriter.write(second), "writing is deterministic");
    }

    @ParameterizedTest
    @FieldSource("REFERENCES")
    void referenceProgramsKeepTheirCodeBtfAndSingleMapRelocation(String name) {
        byte[] clang = TestObjects.bytes(name);
        BpfObject object = BpfObjectReader.read(clang);
        assertEquals("GPL", object.license());
        assertEquals(1, object.programs().size());
        ProgramSpec program = object.programs().get(0);
        assertEquals(name, program.name());
        ElfFile elf = ElfFile.parse(clang);
        assertArrayEquals(elf.contents(elf.section(program.section()).orElseThrow()), program.code());
        assertArrayEquals(elf.contents(elf.section(".BTF").orElseThrow()), object.btf().orElseThrow().encode());
        for (Relocation r : program.relocations()) {
            assertEquals(Kind.MAP, r.kind());
            assertTrue(object.map(r.symbol()).isPresent(), r.symbol());
        }
    }

    @Test
    void featuresObjectHasEveryKindOfContent() {
        BpfObject o = BpfObjectReader.read(TestObjects.bytes(TestObjects.FEATURES));
        assertEquals(List.of("prog_a:xdp", "prog_b:xdp", "prog_d:xdp", "prog_c:tc"),
                o.programs().stream().map(p -> p.name() + ":" + p.section()).toList());
        assertEquals(List.of("twice", "add", "step"), o.subprograms().stream().map(ProgramSpec::name).toList());
        assertTrue(o.subprograms().get(0).global());
        assertFalse(o.subprograms().get(1).global(), "static function add is local");
        assertEquals(List.of(new Relocation(0x28, ".text", Kind.FUNC_ADDR)), o.program("prog_d").orElseThrow().relocations(),
                "bpf_loop's callback: the address of static function step, by .text's section symbol");

        assertEquals(List.of(
                new Relocation(0x10, "packets", Kind.MAP_VALUE),
                new Relocation(0x28, ".bss", Kind.MAP_VALUE),
                new Relocation(0x50, "config_port", Kind.MAP_VALUE),
                new Relocation(0x68, ".rodata", Kind.MAP_VALUE),
                new Relocation(0x90, "threshold", Kind.MAP_VALUE),
                new Relocation(0xa8, ".text", Kind.CALL)), o.program("prog_a").orElseThrow().relocations());
        assertEquals(List.of(new Relocation(0x08, "twice", Kind.CALL), new Relocation(0x18, "label", Kind.MAP_VALUE)),
                o.program("prog_b").orElseThrow().relocations(), "offsets are relative to the function");
        assertEquals(List.of("counters", "outer", "pinned", ".rodata.str1.1"),
                o.program("prog_c").orElseThrow().relocations().stream().map(Relocation::symbol).toList());
        DataSection literals = o.dataSection(".rodata.str1.1").orElseThrow();
        assertTrue(literals.isReadOnly());
        assertArrayEquals("unseen\n\0".getBytes(), literals.contents());

        MapDefinition outer = o.map("outer").orElseThrow().definition();
        assertEquals(12, outer.mapType(), "BPF_MAP_TYPE_ARRAY_OF_MAPS");
        assertEquals(2, outer.maxEntries());
        assertEquals(2, outer.innerMap().mapType(), "inner BPF_MAP_TYPE_ARRAY");
        assertEquals(1, outer.innerMap().maxEntries());
        MapDefinition pinned = o.map("pinned").orElseThrow().definition();
        assertEquals(MapDefinition.PIN_BY_NAME, pinned.pinning());
        assertEquals(1, pinned.flags(), "BPF_F_NO_PREALLOC");
        assertNull(pinned.innerMap());
        MapDefinition counters = o.map("counters").orElseThrow().definition();
        assertEquals(List.of(4, 8, 4), List.of(counters.keySize(), counters.valueSize(), counters.maxEntries()));
        assertTrue(counters.keyTypeId() > 0 && counters.valueTypeId() > 0);

        DataSection bss = o.dataSection(".bss").orElseThrow();
        assertTrue(bss.isZeroFilled());
        assertEquals(16, bss.size());
        assertEquals(List.of(new DataVariable("packets", 0, 8, true), new DataVariable("hidden_count", 8, 8, false)),
                bss.variables());
        assertArrayEquals(new byte[] {7, 0, 0, 0}, o.dataSection(".data").orElseThrow().contents());
        DataSection rodata = o.dataSection(".rodata").orElseThrow();
        assertTrue(rodata.isReadOnly());
        assertEquals(new DataVariable("config_port", 0, 4, true), rodata.variables().get(0));
        assertArrayEquals("custom\0\0".getBytes(), o.dataSection(".data.custom").orElseThrow().contents());
        assertEquals(DataSection.Kind.DATA, o.dataSection(".data.custom").orElseThrow().kind());

        var lineInfo = o.btfExt().orElseThrow().lineInfo();
        assertEquals(List.of(".text", "xdp", "tc"), lineInfo.stream().map(s -> s.name()).toList());
        assertTrue(lineInfo.get(1).records().stream().anyMatch(l -> l.lineText().contains("bpf_printk")));
    }

    @Test
    void initialMapSlotsAreRead() {
        BpfObject o = BpfObjectReader.read(TestObjects.bytes(TestObjects.MAP_INIT));
        assertEquals(List.of("inner_a", "inner_b", "outer_init", "jumps"), o.maps().stream().map(MapSpec::name).toList());
        assertEquals(List.of(new MapSlot(0, "inner_a"), new MapSlot(2, "inner_b")), o.map("outer_init").orElseThrow().initialSlots());
        assertEquals(List.of(new MapSlot(1, "tail")), o.map("jumps").orElseThrow().initialSlots());
        assertNull(o.map("jumps").orElseThrow().definition().innerMap(), "a program array holds programs, not maps");
        assertEquals(List.of(), o.map("inner_a").orElseThrow().initialSlots());
    }

    @Test
    void legacyMapsSectionIsRead() {
        BpfObject o = BpfObjectReader.read(TestObjects.bytes(TestObjects.LEGACY_MAPS));
        assertEquals(List.of(
                new MapSpec("legacy_counts", MapDefinition.sized(2, 4, 8, 16)),
                new MapSpec("legacy_hash", MapDefinition.sized(1, 4, 4, 64).withFlags(1))), o.maps());
        assertEquals("socket", o.programs().get(0).section());
    }
}
