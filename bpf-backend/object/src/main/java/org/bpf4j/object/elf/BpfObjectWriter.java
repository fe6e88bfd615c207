package org.bpf4j.object.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.btf.MapDefinitions;
import org.bpf4j.object.isa.Insn;

/**
 * Writes a {@link BpfObject} as a relocatable EM_BPF ELF object that libbpf and bpftool load.
 *
 * <p>Layout: {@code .text} (subprograms), one section per program section name (functions of a
 * section in list order, so section-relative {@code .BTF.ext} offsets hold), the data sections,
 * {@code .maps}, a legacy {@code maps} section for maps without a BTF definition, {@code license},
 * {@code .BTF}, {@code .BTF.ext}, and each code section's {@code .rel<name>} ({@code .rel.maps} for
 * initial map slots). Symbols: a FUNC per
 * function, an OBJECT per map and variable, and one for the license variable that BTF names
 * (libbpf looks up an ELF symbol for every BTF datasec variable).
 *
 * <p>A BTF datasec whose size is set must agree with its section's size; clang leaves sizes (and
 * the {@code .maps} offsets) 0, and libbpf fills them in from the ELF symbols at load.
 * Inconsistent objects fail with {@link IllegalArgumentException} naming what disagrees.
 */
public final class BpfObjectWriter {
    private static final long CODE_FLAGS = Elf.SHF_ALLOC | Elf.SHF_EXECINSTR;
    private static final long DATA_FLAGS = Elf.SHF_ALLOC | Elf.SHF_WRITE;
    private static final int DATA_ALIGN = 8;
    private static final int BTF_ALIGN = 4;
    private static final String DEFAULT_LICENSE_SYMBOL = "LICENSE";

    private final BpfObject object;
    private final ElfWriter elf = new ElfWriter(Elf.ET_REL, Elf.EM_BPF);
    private final Map<String, ElfWriter.Symbol> symbols = new HashMap<>();
    private final Map<String, ElfWriter.Section> sections = new HashMap<>();

    private BpfObjectWriter(BpfObject object) {
        this.object = object;
    }

    public static byte[] write(BpfObject object) {
        return new BpfObjectWriter(object).write();
    }

    private byte[] write() {
        Map<String, List<ProgramSpec>> codeSections = new LinkedHashMap<>();
        for (ProgramSpec f : object.subprograms()) codeSections.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
        for (ProgramSpec f : object.programs()) codeSections.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f);
        Map<String, Integer> functionOffsets = new HashMap<>();
        codeSections.forEach((name, functions) -> writeCode(name, functions, functionOffsets));
        object.dataSections().forEach(this::writeData);
        writeMaps();
        writeLicense();
        object.btfExt().ifPresent(ext -> checkBtfExtSections(ext, codeSections));
        object.btf().ifPresent(btf -> {
            elf.addSection(BpfObjectReader.BTF, Elf.SHT_PROGBITS, 0, BTF_ALIGN, btf.encode());
            object.btfExt().ifPresent(ext -> elf.addSection(BpfObjectReader.BTF_EXT, Elf.SHT_PROGBITS, 0, BTF_ALIGN, ext.encode(btf)));
        });
        codeSections.forEach((name, functions) -> {
            for (ProgramSpec f : functions) writeRelocations(f, functionOffsets.get(f.name()));
        });
        return elf.toByteArray();
    }

    /** libbpf matches .BTF.ext records to code sections by name and offset; catch mismatches here, clearly. */
    private static void checkBtfExtSections(BtfExt ext, Map<String, List<ProgramSpec>> codeSections) {
        checkRecords(ext.funcInfo(), BtfExt.FuncInfo::insnOffset, codeSections);
        checkRecords(ext.lineInfo(), BtfExt.LineInfo::insnOffset, codeSections);
        checkRecords(ext.coreRelos(), BtfExt.CoreRelo::insnOffset, codeSections);
    }

    private static <T> void checkRecords(List<BtfExt.Section<T>> sections, ToIntFunction<T> insnOffset,
            Map<String, List<ProgramSpec>> codeSections) {
        for (BtfExt.Section<T> s : sections) {
            List<ProgramSpec> functions = codeSections.get(s.name());
            if (functions == null) {
                throw new IllegalArgumentException(".BTF.ext has records for section '" + s.name() + "', which holds no code");
            }
            int size = functions.stream().mapToInt(ProgramSpec::sizeInBytes).sum();
            for (T record : s.records()) {
                int offset = insnOffset.applyAsInt(record);
                if (offset < 0 || offset >= size || offset % Insn.SLOT_SIZE != 0) {
                    throw new IllegalArgumentException(".BTF.ext record " + record + " of section '" + s.name()
                            + "' is not at an instruction of its " + size + " bytes of code");
                }
            }
        }
    }

    private void writeCode(String name, List<ProgramSpec> functions, Map<String, Integer> offsets) {
        int size = functions.stream().mapToInt(ProgramSpec::sizeInBytes).sum();
        ByteBuffer code = ByteBuffer.allocate(size);
        for (ProgramSpec f : functions) {
            offsets.put(f.name(), code.position());
            code.put(f.code());
        }
        ElfWriter.Section section = elf.addSection(name, Elf.SHT_PROGBITS, CODE_FLAGS, Insn.SLOT_SIZE, code.array());
        sections.put(name, section);
        for (ProgramSpec f : functions) {
            symbols.put(f.name(), elf.addSymbol(f.name(), f.global() ? Elf.STB_GLOBAL : Elf.STB_LOCAL, Elf.STT_FUNC,
                    Elf.STV_DEFAULT, section, offsets.get(f.name()), f.sizeInBytes()));
        }
    }

    private void writeData(DataSection data) {
        checkDatasecSize(data.name(), data.size());
        checkDatasecVariables(data);
        ElfWriter.Section section = switch (data.kind()) {
            case BSS -> elf.addNobits(data.name(), DATA_FLAGS, DATA_ALIGN, data.size());
            case DATA -> elf.addSection(data.name(), Elf.SHT_PROGBITS, DATA_FLAGS, DATA_ALIGN, data.contents());
            case RODATA -> elf.addSection(data.name(), Elf.SHT_PROGBITS, Elf.SHF_ALLOC, DATA_ALIGN, data.contents());
        };
        sections.put(data.name(), section);
        for (DataVariable v : data.variables()) {
            symbols.put(v.name(), elf.addSymbol(v.name(), v.global() ? Elf.STB_GLOBAL : Elf.STB_LOCAL, Elf.STT_OBJECT,
                    Elf.STV_DEFAULT, section, v.offset(), v.size()));
        }
    }

    /** BTF maps at their datasec offsets in {@code .maps}; the rest as {@code struct bpf_map_def} in {@code maps}. */
    private void writeMaps() {
        Map<String, BtfType.VarSecInfo> placements = btfMapPlacements();
        List<MapSpec> btfMaps = new ArrayList<>();
        List<MapSpec> legacyMaps = new ArrayList<>();
        for (MapSpec m : object.maps()) (placements.containsKey(m.name()) ? btfMaps : legacyMaps).add(m);
        if (!btfMaps.isEmpty()) writeBtfMaps(btfMaps, placements);
        if (!legacyMaps.isEmpty()) writeLegacyMaps(legacyMaps);
    }

    /**
     * Where each BTF map goes in {@code .maps}. A datasec with a size has been laid out (by our
     * compiler or a linker) and its offsets hold; clang leaves size and offsets 0, and then maps go
     * one after another in the object's order, as clang places their symbols.
     */
    private Map<String, BtfType.VarSecInfo> btfMapPlacements() {
        Map<String, BtfType.VarSecInfo> placements = new LinkedHashMap<>();
        Optional<Btf> btf = object.btf();
        if (btf.isEmpty()) return placements;
        btf.get().findId(BpfObjectReader.MAPS, BtfKind.DATASEC).ifPresent(id -> {
            BtfType.Datasec datasec = btf.get().type(id, BtfType.Datasec.class);
            Map<String, BtfType.VarSecInfo> byName = new HashMap<>();
            for (BtfType.VarSecInfo v : datasec.vars()) byName.put(btf.get().type(v.type(), BtfType.Var.class).name(), v);
            int next = 0;
            for (MapSpec m : object.maps()) {
                BtfType.VarSecInfo v = byName.remove(m.name());
                if (v == null) continue;
                placements.put(m.name(), datasec.size() != 0 ? v : new BtfType.VarSecInfo(v.type(), next, v.size()));
                next = align(next + v.size(), DATA_ALIGN);
            }
            if (!byName.isEmpty()) {
                throw new IllegalArgumentException("BTF .maps datasec declares maps the object does not have: " + byName.keySet());
            }
        });
        return placements;
    }

    private void writeBtfMaps(List<MapSpec> maps, Map<String, BtfType.VarSecInfo> placements) {
        Btf btf = object.btf().orElseThrow();
        long size = 0;
        for (MapSpec m : maps) {
            BtfType.VarSecInfo placement = placements.get(m.name());
            MapDefinition inBtf = MapDefinitions.read(btf, placement.type());
            if (!inBtf.equals(m.definition())) {
                throw new IllegalArgumentException("map '" + m.name() + "' is defined as " + m.definition()
                        + " but its BTF .maps entry says " + inBtf);
            }
            size = Math.max(size, (long) placement.offset() + placement.size());
        }
        checkNoOverlap(maps, placements);
        checkDatasecSize(BpfObjectReader.MAPS, size);
        ElfWriter.Section section = elf.addSection(BpfObjectReader.MAPS, Elf.SHT_PROGBITS, DATA_FLAGS, DATA_ALIGN, new byte[(int) size]);
        for (MapSpec m : maps) {
            BtfType.VarSecInfo placement = placements.get(m.name());
            symbols.put(m.name(), elf.addSymbol(m.name(), Elf.STB_GLOBAL, Elf.STT_OBJECT, Elf.STV_DEFAULT, section,
                    placement.offset(), placement.size()));
        }
        for (MapSpec m : maps) {
            if (m.initialSlots().isEmpty()) continue;
            BtfType.VarSecInfo placement = placements.get(m.name());
            int values = placement.offset() + MapsSection.valuesOffset(btf, placement.type(), m.name());
            for (MapSlot slot : m.initialSlots()) {
                int offset = values + slot.index() * MapsSection.POINTER_SIZE;
                if (offset + MapsSection.POINTER_SIZE > placement.offset() + placement.size()) {
                    throw new IllegalArgumentException("map '" + m.name() + "': slot " + slot.index()
                            + " lies beyond the 'values' array its BTF definition declares");
                }
                elf.addRelocation(section, offset, symbols.get(slot.target()), Elf.R_BPF_64_ABS64);
            }
        }
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private static void checkNoOverlap(List<MapSpec> maps, Map<String, BtfType.VarSecInfo> placements) {
        for (int i = 0; i < maps.size(); i++) {
            BtfType.VarSecInfo a = placements.get(maps.get(i).name());
            for (int j = i + 1; j < maps.size(); j++) {
                BtfType.VarSecInfo b = placements.get(maps.get(j).name());
                if (a.offset() < b.offset() + b.size() && b.offset() < a.offset() + a.size()) {
                    throw new IllegalArgumentException("maps '" + maps.get(i).name() + "' and '" + maps.get(j).name()
                            + "' overlap in the BTF .maps datasec (offsets " + a.offset() + " and " + b.offset() + ")");
                }
            }
        }
    }

    private void writeLegacyMaps(List<MapSpec> maps) {
        ByteBuffer defs = ByteBuffer.allocate(maps.size() * BpfObjectReader.LEGACY_MAP_DEF_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (MapSpec m : maps) {
            MapDefinition d = m.definition();
            if (d.keyTypeId() != 0 || d.valueTypeId() != 0 || d.pinning() != 0 || d.innerMap() != null
                    || d.numaNode() != 0 || d.mapExtra() != 0 || !m.initialSlots().isEmpty()) {
                throw new IllegalArgumentException("map '" + m.name() + "' needs a BTF .maps definition: a legacy "
                        + "struct bpf_map_def has no type ids, pinning, inner map, numa node, map_extra or initial slots");
            }
            defs.putInt(d.mapType()).putInt(d.keySize()).putInt(d.valueSize()).putInt(d.maxEntries()).putInt(d.flags());
        }
        ElfWriter.Section section = elf.addSection(BpfObjectReader.LEGACY_MAPS, Elf.SHT_PROGBITS, DATA_FLAGS, 4, defs.array());
        for (int i = 0; i < maps.size(); i++) {
            String name = maps.get(i).name();
            symbols.put(name, elf.addSymbol(name, Elf.STB_GLOBAL, Elf.STT_OBJECT, Elf.STV_DEFAULT, section,
                    (long) i * BpfObjectReader.LEGACY_MAP_DEF_SIZE, BpfObjectReader.LEGACY_MAP_DEF_SIZE));
        }
    }

    private void writeLicense() {
        if (object.license().isEmpty()) return;
        byte[] text = (object.license() + "\0").getBytes(StandardCharsets.UTF_8);
        checkDatasecSize(BpfObjectReader.LICENSE, text.length);
        ElfWriter.Section section = elf.addSection(BpfObjectReader.LICENSE, Elf.SHT_PROGBITS, DATA_FLAGS, 1, text);
        elf.addSymbol(licenseSymbolName(), Elf.STB_GLOBAL, Elf.STT_OBJECT, Elf.STV_DEFAULT, section, 0, text.length);
    }

    /** The variable BTF declares in the {@code license} datasec (clang's {@code LICENSE}), which needs a symbol. */
    private String licenseSymbolName() {
        return object.btf().flatMap(btf -> btf.findId(BpfObjectReader.LICENSE, BtfKind.DATASEC).stream().boxed().findFirst()
                .flatMap(id -> btf.type(id, BtfType.Datasec.class).vars().stream().findFirst())
                .map(v -> btf.type(v.type(), BtfType.Var.class).name()))
                .orElse(DEFAULT_LICENSE_SYMBOL);
    }

    /** A datasec that states its size must state the section's size (0 means "unknown", as clang leaves it). */
    /** A laid-out datasec (size set) must place each variable where its symbol is. */
    private void checkDatasecVariables(DataSection data) {
        object.btf().ifPresent(btf -> btf.findId(data.name(), BtfKind.DATASEC).ifPresent(id -> {
            BtfType.Datasec datasec = btf.type(id, BtfType.Datasec.class);
            if (datasec.size() == 0) return;
            for (BtfType.VarSecInfo v : datasec.vars()) {
                String name = btf.type(v.type()) instanceof BtfType.Var var ? var.name() : null;
                for (DataVariable variable : data.variables()) {
                    if (variable.name().equals(name) && (variable.offset() != v.offset() || variable.size() != v.size())) {
                        throw new IllegalArgumentException("variable '" + name + "' of " + data.name() + " is at "
                                + variable.offset() + "+" + variable.size() + " but BTF places it at " + v.offset() + "+" + v.size());
                    }
                }
            }
        }));
    }

    private void checkDatasecSize(String section, long size) {
        object.btf().ifPresent(btf -> btf.findId(section, BtfKind.DATASEC).ifPresent(id -> {
            int declared = btf.type(id, BtfType.Datasec.class).size();
            if (declared != 0 && declared != size) {
                throw new IllegalArgumentException("BTF datasec " + section + " declares " + declared
                        + " bytes but the section has " + size);
            }
        }));
    }

    private void writeRelocations(ProgramSpec function, int functionOffset) {
        ElfWriter.Section section = sections.get(function.section());
        Map<Integer, Insn> insnsByOffset = new HashMap<>();
        int at = 0;
        for (Insn insn : function.insns()) {
            insnsByOffset.put(at, insn);
            at += insn.slots() * Insn.SLOT_SIZE;
        }
        for (Relocation r : function.relocations()) {
            Insn insn = insnsByOffset.get(r.byteOffset());
            String where = "function '" + function.name() + "', " + r.kind() + " relocation of '" + r.symbol()
                    + "' at byte " + r.byteOffset();
            if (insn == null) throw new IllegalArgumentException(where + " is inside an LD_IMM64, not at an instruction");
            boolean fits = r.kind() == Relocation.Kind.CALL ? insn.isLocalCall() : insn.isLdImm64();
            if (!fits) throw new IllegalArgumentException(where + " is on " + insn + ", which cannot take it");
            int type = r.kind() == Relocation.Kind.CALL ? Elf.R_BPF_64_32 : Elf.R_BPF_64_64;
            elf.addRelocation(section, functionOffset + r.byteOffset(), symbolFor(r), type);
        }
    }

    /** The named symbol, or the section symbol when a relocation names a section ({@code .text}, {@code .data}, ...). */
    private ElfWriter.Symbol symbolFor(Relocation r) {
        ElfWriter.Section section = sections.get(r.symbol());
        if (section != null && (r.kind() == Relocation.Kind.MAP_VALUE || r.symbol().equals(ProgramSpec.SUBPROGRAM_SECTION))) {
            return elf.sectionSymbol(section);
        }
        ElfWriter.Symbol symbol = symbols.get(r.symbol());
        if (symbol == null) throw new IllegalArgumentException("relocation names unknown symbol '" + r.symbol() + "'");
        return symbol;
    }
}
