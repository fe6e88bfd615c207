package org.bpf4j.object.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;

/**
 * The semantic content of a libbpf-style BPF object file: what the compiler produces and the
 * runtime loader consumes. Read one with {@link BpfObjectReader}, write one with
 * {@link BpfObjectWriter}.
 *
 * <ul>
 *   <li>{@code programs}: entry points, each in a section named by libbpf's conventions;
 *   <li>{@code subprograms}: BPF-to-BPF callees in {@code .text}, laid out in list order;
 *   <li>{@code maps}: definitions from BTF {@code .maps} (when {@code btf} has a {@code .maps}
 *       datasec variable of that name) or a legacy {@code maps} section;
 *   <li>{@code dataSections}: {@code .data}, {@code .rodata}, {@code .bss} and their
 *       {@code .*} forms;
 *   <li>{@code btf} / {@code btfExt}: {@code .BTF} and {@code .BTF.ext}; {@code .BTF.ext}
 *       offsets are section-relative, so they count the functions of a section in list order.
 * </ul>
 *
 * The constructor checks that names are unique and every relocation names something the object
 * defines, so a {@code BpfObject} always writes.
 */
public record BpfObject(
        String license,
        List<ProgramSpec> programs,
        List<ProgramSpec> subprograms,
        List<MapSpec> maps,
        List<DataSection> dataSections,
        Optional<Btf> btf,
        Optional<BtfExt> btfExt) {

    public BpfObject {
        Objects.requireNonNull(license, "license");
        programs = List.copyOf(programs);
        subprograms = List.copyOf(subprograms);
        maps = List.copyOf(maps);
        dataSections = List.copyOf(dataSections);
        Objects.requireNonNull(btf, "btf");
        Objects.requireNonNull(btfExt, "btfExt");
        if (btfExt.isPresent() && btf.isEmpty()) throw new IllegalArgumentException(".BTF.ext without .BTF");
        validate(programs, subprograms, maps, dataSections);
    }

    /** An object with neither BTF nor subprograms. */
    public static BpfObject of(String license, List<ProgramSpec> programs, List<MapSpec> maps, List<DataSection> dataSections) {
        return new BpfObject(license, programs, List.of(), maps, dataSections, Optional.empty(), Optional.empty());
    }

    public Optional<ProgramSpec> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<MapSpec> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<DataSection> dataSection(String name) {
        return dataSections.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** Programs and subprograms, the order in which they are laid out per section. */
    public List<ProgramSpec> functions() {
        List<ProgramSpec> all = new ArrayList<>(programs);
        all.addAll(subprograms);
        return all;
    }

    public BpfObject withBtf(Btf newBtf, BtfExt newBtfExt) {
        return new BpfObject(license, programs, subprograms, maps, dataSections, Optional.of(newBtf), Optional.ofNullable(newBtfExt));
    }

    /** Equal content; BTF compares by its encoding because {@link Btf} has no value equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BpfObject b && license.equals(b.license) && programs.equals(b.programs)
                && subprograms.equals(b.subprograms) && maps.equals(b.maps) && dataSections.equals(b.dataSections)
                && btfExt.equals(b.btfExt) && Arrays.equals(btfBytes(), b.btfBytes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(license, programs, subprograms, maps, dataSections, btfExt, Arrays.hashCode(btfBytes()));
    }

    private byte[] btfBytes() {
        return btf.map(Btf::encode).orElse(null);
    }

    private static void validate(List<ProgramSpec> programs, List<ProgramSpec> subprograms, List<MapSpec> maps,
            List<DataSection> dataSections) {
        for (ProgramSpec p : programs) {
            if (p.isSubprogram()) {
                throw new IllegalArgumentException("program '" + p.name() + "' is in .text, which holds subprograms only");
            }
        }
        for (ProgramSpec p : subprograms) {
            if (!p.isSubprogram()) {
                throw new IllegalArgumentException("subprogram '" + p.name() + "' must be in .text, not '" + p.section() + "'");
            }
        }
        Set<String> functions = new HashSet<>();
        Set<String> symbols = new HashSet<>();
        for (ProgramSpec p : programs) unique(symbols, p.name(), "function");
        for (ProgramSpec p : subprograms) unique(symbols, p.name(), "function");
        functions.addAll(symbols);
        Set<String> mapNames = new HashSet<>();
        for (MapSpec m : maps) {
            unique(symbols, m.name(), "map");
            mapNames.add(m.name());
        }
        Set<String> data = new HashSet<>();
        for (DataSection d : dataSections) {
            if (!data.add(d.name())) throw new IllegalArgumentException("data section " + d.name() + " appears twice");
            for (DataVariable v : d.variables()) {
                unique(symbols, v.name(), "variable");
                data.add(v.name());
            }
        }
        for (MapSpec m : maps) {
            for (MapSlot slot : m.initialSlots()) {
                if (!mapNames.contains(slot.target()) && !functions.contains(slot.target())) {
                    throw new IllegalArgumentException("map '" + m.name() + "': initial slot " + slot.index() + " names '"
                            + slot.target() + "', which is neither a map nor a program of the object");
                }
            }
        }
        List<ProgramSpec> all = new ArrayList<>(programs);
        all.addAll(subprograms);
        for (ProgramSpec p : all) {
            for (Relocation r : p.relocations()) {
                boolean known = switch (r.kind()) {
                    case MAP -> mapNames.contains(r.symbol());
                    case MAP_VALUE -> data.contains(r.symbol());
                    case CALL, FUNC_ADDR -> functions.contains(r.symbol()) || r.symbol().equals(ProgramSpec.SUBPROGRAM_SECTION);
                };
                if (!known) {
                    throw new IllegalArgumentException("program '" + p.name() + "' at byte " + r.byteOffset() + ": "
                            + r.kind() + " relocation names '" + r.symbol() + "', which the object does not define");
                }
            }
        }
    }

    private static void unique(Set<String> seen, String name, String what) {
        if (!seen.add(name)) throw new IllegalArgumentException(what + " name '" + name + "' is used twice in the object");
    }
}
