package org.bpf4j.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Everything a class declares for BPF, read from its elements: the input of both the compiler
 * ({@code lower}) and the skeleton generator.
 *
 * @param element the class
 * @param binaryName its binary name ({@code demo.Outer$Inner})
 * @param programs its {@code @BpfProgram} methods, in declaration order
 * @param maps its {@code @BpfMap} fields, in declaration order
 * @param structs the layouts of the {@code @BpfStruct} classes it declares or uses in maps
 *     (nested members included)
 * @param globals its global variables, in declaration order, offsets per section
 * @param license the license of its programs ("GPL" when it has none)
 */
public record BpfClass(
        TypeElement element,
        String binaryName,
        List<ProgramDecl> programs,
        List<MapField> maps,
        List<StructModel> structs,
        List<GlobalField> globals,
        String license) {

    public BpfClass {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        structs = List.copyOf(structs);
        globals = List.copyOf(globals);
    }

    /** Where the compiled object lives on the class path. */
    public String resourceName() {
        return "META-INF/bpf/" + binaryName + ".bpf.o";
    }

    /** The package of the class ("" for the unnamed package). */
    public String packageName() {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    /** The simple name of the generated skeleton: {@code FirewallSkeleton}, {@code Outer_InnerSkeleton}. */
    public String skeletonName() {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1).replace('$', '_') + "Skeleton";
    }

    public Optional<StructModel> struct(TypeElement type) {
        return structs.stream().filter(s -> s.element().equals(type)).findFirst();
    }

    public List<GlobalField> globals(GlobalSection section) {
        return globals.stream().filter(g -> g.section() == section).toList();
    }

    /** Bytes of a data section: the end of its last variable, 0 when it has none. */
    public int sectionSize(GlobalSection section) {
        return globals(section).stream().mapToInt(g -> g.offset() + g.size()).max().orElse(0);
    }

    public Optional<ProgramDecl> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<MapField> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
