package org.bpf4j.object.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfFormatException;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.btf.MapDefinitions;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnDecodeException;

/**
 * Reads a libbpf-style relocatable EM_BPF object (clang's or ours) into a {@link BpfObject}.
 * Sections it does not model (DWARF {@code .debug_*}, {@code .llvm_addrsig}, relocations of
 * non-code sections) are skipped, as libbpf skips them. Malformed or unsupported input fails with
 * an {@link ElfFormatException} naming the section and offset.
 */
public final class BpfObjectReader {
    static final String LICENSE = "license";
    static final String BTF = ".BTF";
    static final String BTF_EXT = ".BTF.ext";
    static final String MAPS = ".maps";
    static final String LEGACY_MAPS = "maps";
    /** {@code struct bpf_map_def}: type, key_size, value_size, max_entries, map_flags. */
    static final int LEGACY_MAP_DEF_SIZE = 20;

    private final ElfFile elf;
    private final List<ElfSymbol> symbols;

    private BpfObjectReader(ElfFile elf) {
        this.elf = elf;
        this.symbols = elf.symbols();
    }

    public static BpfObject read(Path path) throws IOException {
        try {
            return read(Files.readAllBytes(path));
        } catch (ElfFormatException e) {
            throw new ElfFormatException(path + ": " + e.getMessage(), e);
        }
    }

    public static BpfObject read(byte[] bytes) {
        return read(ElfFile.parse(bytes));
    }

    /** Reads an object already parsed as ELF. */
    public static BpfObject read(ElfFile elf) {
        if (elf.machine() != Elf.EM_BPF) {
            throw new ElfFormatException("not a BPF object: e_machine is " + elf.machine() + ", expected EM_BPF (" + Elf.EM_BPF + ")");
        }
        if (elf.type() != Elf.ET_REL) {
            throw new ElfFormatException("not a relocatable object: e_type is " + elf.type() + ", expected ET_REL (" + Elf.ET_REL + ")");
        }
        return new BpfObjectReader(elf).read();
    }

    private BpfObject read() {
        Optional<Btf> btf = elf.section(BTF).map(s -> withBtfErrors(() -> Btf.parse(elf.contents(s)), s));
        Optional<BtfExt> btfExt = elf.section(BTF_EXT).map(s -> {
            if (btf.isEmpty()) throw new ElfFormatException(s + " is present but .BTF is not");
            return withBtfErrors(() -> BtfExt.parse(elf.contents(s), btf.get()), s);
        });
        List<MapSpec> maps = new ArrayList<>();
        elf.section(MAPS).ifPresent(s -> maps.addAll(btfMaps(s, btf)));
        elf.section(LEGACY_MAPS).ifPresent(s -> maps.addAll(legacyMaps(s)));
        List<DataSection> data = new ArrayList<>();
        List<ProgramSpec> programs = new ArrayList<>();
        List<ProgramSpec> subprograms = new ArrayList<>();
        for (ElfSection s : elf.sections()) {
            if (isCode(s)) {
                List<ProgramSpec> functions = functions(s);
                (s.name().equals(ProgramSpec.SUBPROGRAM_SECTION) ? subprograms : programs).addAll(functions);
            } else if (DataSection.Kind.ofSectionName(s.name()) != null && s.hasFlag(Elf.SHF_ALLOC)) {
                data.add(dataSection(s));
            }
        }
        try {
            return new BpfObject(license(), programs, subprograms, maps, data, btf, btfExt);
        } catch (IllegalArgumentException e) {
            throw new ElfFormatException("inconsistent object: " + e.getMessage(), e);
        }
    }

    private static boolean isCode(ElfSection s) {
        return s.type() == Elf.SHT_PROGBITS && s.hasFlag(Elf.SHF_EXECINSTR) && s.size() > 0;
    }

    private String license() {
        return elf.section(LICENSE).map(s -> {
            byte[] bytes = elf.contents(s);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) end++;
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }).orElse("");
    }

    private static <T> T withBtfErrors(Supplier<T> parse, ElfSection section) {
        try {
            return parse.get();
        } catch (BtfFormatException | IllegalArgumentException e) {
            throw new ElfFormatException(section + ": " + e.getMessage(), e);
        }
    }

    /** Defined symbols of a section of the given type, by offset then name. */
    private List<ElfSymbol> symbolsIn(ElfSection section, int type) {
        List<ElfSymbol> result = new ArrayList<>();
        for (ElfSymbol sym : symbols) {
            if (sym.definingSection() == section.index() && sym.type() == type) result.add(sym);
        }
        result.sort(Comparator.comparingLong(ElfSymbol::value).thenComparing(ElfSymbol::name));
        return result;
    }

    private List<MapSpec> btfMaps(ElfSection section, Optional<Btf> btf) {
        if (btf.isEmpty()) throw new ElfFormatException(section + " defines maps but the object has no .BTF to describe them");
        Map<String, MapDefinition> definitions = withBtfErrors(() -> MapDefinitions.readAll(btf.get()), section);
        List<ElfSymbol> mapSymbols = symbolsIn(section, Elf.STT_OBJECT);
        Map<String, List<MapSlot>> slots = withBtfErrors(() -> initialSlots(section, mapSymbols, btf.get()), section);
        List<MapSpec> maps = new ArrayList<>();
        for (ElfSymbol sym : mapSymbols) {
            MapDefinition def = definitions.get(sym.name());
            if (def == null) {
                throw new ElfFormatException("map '" + sym.name() + "' in " + section + " has no variable in the .BTF .maps datasec");
            }
            maps.add(mapSpec(sym, def, slots.getOrDefault(sym.name(), List.of()), section));
        }
        return maps;
    }

    /** The slots {@code .rel.maps} fills: a pointer into a map's {@code values} array names a map or program. */
    private Map<String, List<MapSlot>> initialSlots(ElfSection section, List<ElfSymbol> mapSymbols, Btf btf) {
        Map<String, List<MapSlot>> slots = new LinkedHashMap<>();
        for (ElfSection relSection : elf.relocationSectionsFor(section)) {
            for (ElfRelocation rel : elf.relocations(relSection)) {
                String where = relSection + ", relocation at offset " + rel.offset();
                ElfSymbol map = mapSymbols.stream()
                        .filter(m -> rel.offset() >= m.value() && rel.offset() - m.value() < m.size()).findFirst()
                        .orElseThrow(() -> new ElfFormatException(where + " is not inside a map definition"));
                int varId = btf.findId(map.name(), BtfKind.VAR)
                        .orElseThrow(() -> new ElfFormatException(where + ": map '" + map.name() + "' has no BTF variable"));
                long inValues = rel.offset() - map.value() - MapsSection.valuesOffset(btf, varId, map.name());
                if (inValues < 0 || inValues % MapsSection.POINTER_SIZE != 0) {
                    throw new ElfFormatException(where + " is not a slot of the 'values' array of map '" + map.name() + "'");
                }
                ElfSymbol target = symbols.get(rel.symbolIndex());
                slots.computeIfAbsent(map.name(), k -> new ArrayList<>())
                        .add(new MapSlot((int) (inValues / MapsSection.POINTER_SIZE), target.name()));
            }
        }
        return slots;
    }

    private static MapSpec mapSpec(ElfSymbol sym, MapDefinition def, List<MapSlot> slots, ElfSection section) {
        try {
            return new MapSpec(sym.name(), def, slots);
        } catch (IllegalArgumentException e) {
            throw new ElfFormatException(section + ": " + e.getMessage(), e);
        }
    }

    /** libbpf's legacy {@code maps}: one {@code struct bpf_map_def} (or a longer variant) per symbol. */
    private List<MapSpec> legacyMaps(ElfSection section) {
        List<ElfSymbol> mapSymbols = symbolsIn(section, Elf.STT_OBJECT);
        if (mapSymbols.isEmpty()) {
            mapSymbols = symbolsIn(section, Elf.STT_NOTYPE);
        }
        if (mapSymbols.isEmpty()) return List.of();
        if (section.isNobits()) throw new ElfFormatException(section + " is SHT_NOBITS: it holds no map definitions");
        long defSize = section.size() / mapSymbols.size();
        if (defSize < LEGACY_MAP_DEF_SIZE || section.size() % mapSymbols.size() != 0) {
            throw new ElfFormatException(section + ": " + section.size() + " bytes do not hold " + mapSymbols.size()
                    + " map definitions of equal size (at least " + LEGACY_MAP_DEF_SIZE + " bytes each)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(elf.contents(section)).order(ByteOrder.LITTLE_ENDIAN);
        List<MapSpec> maps = new ArrayList<>();
        for (ElfSymbol sym : mapSymbols) {
            if (!fits(sym.value(), defSize, section.size()) || sym.value() % defSize != 0) {
                throw new ElfFormatException("map '" + sym.name() + "' at offset " + sym.value() + " of " + section
                        + " is not at a " + defSize + "-byte definition boundary");
            }
            int at = (int) sym.value();
            for (int extra = at + LEGACY_MAP_DEF_SIZE; extra < at + defSize; extra++) {
                if (bytes.get(extra) != 0) {
                    throw new ElfFormatException("map '" + sym.name() + "' in " + section + " sets byte " + (extra - at)
                            + " of its definition, beyond struct bpf_map_def; such extensions are not supported");
                }
            }
            MapDefinition def = MapDefinition.sized(bytes.getInt(at), bytes.getInt(at + 4), bytes.getInt(at + 8),
                    bytes.getInt(at + 12)).withFlags(bytes.getInt(at + 16));
            maps.add(mapSpec(sym, def, List.of(), section));
        }
        return maps;
    }

    private DataSection dataSection(ElfSection section) {
        if (section.size() > Integer.MAX_VALUE) throw new ElfFormatException(section + " is larger than 2 GiB");
        List<DataVariable> variables = new ArrayList<>();
        for (ElfSymbol sym : symbolsIn(section, Elf.STT_OBJECT)) {
            if (!fits(sym.value(), sym.size(), section.size())) {
                throw new ElfFormatException("variable '" + sym.name() + "' at " + sym.value() + "+" + sym.size()
                        + " lies outside " + section + " (" + section.size() + " bytes)");
            }
            variables.add(new DataVariable(sym.name(), (int) sym.value(), (int) sym.size(), !sym.isLocal()));
        }
        try {
            return section.isNobits()
                    ? DataSection.zeroFilled(section.name(), (int) section.size(), variables)
                    : DataSection.initialized(section.name(), elf.contents(section), variables);
        } catch (IllegalArgumentException e) {
            throw new ElfFormatException(section + ": " + e.getMessage(), e);
        }
    }

    /** One function of a code section: its symbol, byte range and decoded instructions by section offset. */
    private record DecodedFunction(ElfSymbol symbol, long start, long end, List<Insn> insns, Map<Long, Insn> insnAt) {
        boolean contains(long offset) {
            return offset >= start && offset < end;
        }
    }

    /** Splits a code section into its functions (FUNC symbols) with their instructions and relocations. */
    private List<ProgramSpec> functions(ElfSection section) {
        if (section.size() % Insn.SLOT_SIZE != 0) {
            throw new ElfFormatException(section + ": size " + section.size() + " is not a multiple of " + Insn.SLOT_SIZE);
        }
        List<DecodedFunction> functions = decodeFunctions(section);
        List<List<Relocation>> relocations = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) relocations.add(new ArrayList<>());
        for (ElfSection relSection : elf.relocationSectionsFor(section)) {
            if (relSection.type() != Elf.SHT_REL || relSection.link() != symbolTableIndex()) {
                throw new ElfFormatException(relSection + " must be SHT_REL against .symtab");
            }
            for (ElfRelocation rel : elf.relocations(relSection)) {
                int index = indexOfFunctionAt(functions, rel.offset());
                DecodedFunction f = index < 0 ? null : functions.get(index);
                Insn insn = f == null ? null : f.insnAt().get(rel.offset());
                if (insn == null) {
                    throw new ElfFormatException(relSection + ": relocation at offset " + rel.offset()
                            + " is not at an instruction of a function");
                }
                relocations.get(index).add(relocation(section, rel, insn, (int) (rel.offset() - f.start())));
            }
        }
        List<ProgramSpec> result = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            DecodedFunction f = functions.get(i);
            try {
                result.add(new ProgramSpec(section.name(), f.symbol().name(), !f.symbol().isLocal(), f.insns(), relocations.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ElfFormatException(section + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** The FUNC symbols of a code section, each up to its size or else the next one, decoded. */
    private List<DecodedFunction> decodeFunctions(ElfSection section) {
        List<ElfSymbol> funcs = symbolsIn(section, Elf.STT_FUNC);
        if (funcs.isEmpty()) throw new ElfFormatException(section + " holds code but no FUNC symbol names it");
        byte[] code = elf.contents(section);
        List<DecodedFunction> functions = new ArrayList<>();
        for (int i = 0; i < funcs.size(); i++) {
            ElfSymbol f = funcs.get(i);
            long next = i + 1 < funcs.size() ? funcs.get(i + 1).value() : section.size();
            long size = f.size() == 0 ? next - f.value() : f.size();
            if (!fits(f.value(), size, Math.min(next, section.size())) || size == 0 || f.value() % Insn.SLOT_SIZE != 0 || size % Insn.SLOT_SIZE != 0) {
                throw new ElfFormatException("function '" + f.name() + "' at " + f.value() + "+" + f.size() + " in "
                        + section + " is misaligned, empty or overlaps the next function");
            }
            List<Insn> insns;
            try {
                insns = Insn.decode(ByteBuffer.wrap(code, (int) f.value(), (int) size));
            } catch (InsnDecodeException e) {
                throw new ElfFormatException(section + ", function '" + f.name() + "' at section offset "
                        + (f.value() + e.byteOffset()) + ": " + e.getMessage(), e);
            }
            Map<Long, Insn> insnAt = new HashMap<>();
            long at = f.value();
            for (Insn insn : insns) {
                insnAt.put(at, insn);
                at += (long) insn.slots() * Insn.SLOT_SIZE;
            }
            functions.add(new DecodedFunction(f, f.value(), f.value() + size, insns, insnAt));
        }
        return functions;
    }

    private static int indexOfFunctionAt(List<DecodedFunction> functions, long offset) {
        for (int i = 0; i < functions.size(); i++) {
            if (functions.get(i).contains(offset)) return i;
        }
        return -1;
    }

    /** Whether [offset, offset + size) lies in [0, limit), without overflow. */
    private static boolean fits(long offset, long size, long limit) {
        return offset >= 0 && size >= 0 && offset <= limit && size <= limit - offset;
    }

    private int symbolTableIndex() {
        return elf.sections().stream().filter(s -> s.type() == Elf.SHT_SYMTAB).findFirst().map(ElfSection::index).orElse(-1);
    }

    /** Classifies one relocation by the section its symbol is defined in, as libbpf does. */
    private Relocation relocation(ElfSection section, ElfRelocation rel, Insn insn, int offsetInFunction) {
        ElfSymbol sym = symbols.get(rel.symbolIndex());
        String where = section + ", relocation at offset " + rel.offset();
        if (sym.definingSection() < 0) {
            throw new ElfFormatException(where + " refers to undefined symbol '" + sym.name()
                    + "' (extern kconfig/ksym variables and kfuncs are not supported)");
        }
        ElfSection target = elf.section(sym.definingSection());
        boolean sectionSymbol = sym.type() == Elf.STT_SECTION;
        String name = sectionSymbol ? target.name() : sym.name();
        Relocation.Kind kind;
        if (target.name().equals(MAPS) || target.name().equals(LEGACY_MAPS)) {
            if (sectionSymbol) throw new ElfFormatException(where + " refers to a map through its section symbol");
            kind = Relocation.Kind.MAP;
        } else if (DataSection.Kind.ofSectionName(target.name()) != null) {
            kind = Relocation.Kind.MAP_VALUE;
        } else if (isCode(target)) {
            if (sectionSymbol && !name.equals(ProgramSpec.SUBPROGRAM_SECTION)) {
                throw new ElfFormatException(where + " calls into " + target + " by section; only .text is supported");
            }
            kind = insn.isCall() ? Relocation.Kind.CALL : Relocation.Kind.FUNC_ADDR;
        } else {
            throw new ElfFormatException(where + " refers to '" + name + "' in " + target
                    + ", which is neither a map, global data nor code");
        }
        boolean fits = kind == Relocation.Kind.CALL ? insn.isLocalCall() : insn.isLdImm64();
        if (!fits) throw new ElfFormatException(where + ": a " + kind + " relocation on " + insn);
        if (name.isEmpty()) throw new ElfFormatException(where + " refers to a symbol without a name");
        return new Relocation(offsetInFunction, name, kind);
    }
}
