package org.bpf4j.processor.skeleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.GlobalSection;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.ProgramDecl;

/**
 * The names of a skeleton's members, allocated once before anything is generated so that every
 * generation step refers to the others' members by the same names.
 */
record SkeletonNames(List<ProgramMember> programs, List<MapMember> maps, List<GlobalMember> globals,
        Optional<String> usdtSpecs) {

    /**
     * @param field the skeleton field and accessor holding the loaded program
     * @param attachMethod {@code attachXxx(target)}, when the runtime can attach
     */
    record ProgramMember(ProgramDecl program, String field, Optional<String> attachMethod) {}

    /**
     * @param field the skeleton field and accessor holding the typed map
     * @param resizer the {@code Opened} method setting its maximum entries
     */
    record MapMember(MapField map, String field, String resizer) {}

    /**
     * @param accessor the skeleton's getter (and, outside {@code .rodata}, setter)
     * @param offsetConstant the constant holding the variable's offset in its section
     * @param configSetter the {@code Opened} setter of a {@code .rodata} ({@code @BpfConfig}) global
     */
    record GlobalMember(GlobalField global, String accessor, String offsetConstant,
            Optional<String> configSetter) {}

    static SkeletonNames allocate(BpfClass model, SkeletonOptions options) {
        AccessorNames skeleton = new AccessorNames();
        AccessorNames opened = new AccessorNames();
        List<String> programFields = model.programs().stream()
                .map(p -> skeleton.allocate(p.methodName(), "Program")).toList();
        List<ProgramMember> programs = new ArrayList<>();
        for (int i = 0; i < programFields.size(); i++) {
            String field = programFields.get(i);
            Optional<String> attach = options.canAttach()
                    ? Optional.of(skeleton.allocate("attach" + capitalized(field), ""))
                    : Optional.empty();
            programs.add(new ProgramMember(model.programs().get(i), field, attach));
        }
        Optional<String> usdtSpecs = options.canAttach() && programs.stream().anyMatch(UsdtMembers::isUsdt)
                ? Optional.of(skeleton.allocate("usdtSpecs", ""))
                : Optional.empty();
        List<String> mapFields = model.maps().stream()
                .map(m -> skeleton.allocate(m.fieldName(), "Map")).toList();
        List<GlobalMember> globals = new ArrayList<>();
        for (GlobalField g : model.globals()) {
            String accessor = skeleton.allocate(g.name(), "Global");
            String offset = skeleton.allocate(constantName(g.name()) + "_OFFSET", "");
            Optional<String> config = g.section() == GlobalSection.RODATA
                    ? Optional.of(opened.allocate(g.name(), "Config"))
                    : Optional.empty();
            globals.add(new GlobalMember(g, accessor, offset, config));
        }
        List<MapMember> maps = new ArrayList<>();
        for (int i = 0; i < mapFields.size(); i++) {
            MapField m = model.maps().get(i);
            maps.add(new MapMember(m, mapFields.get(i), opened.allocate(m.fieldName() + "MaxEntries", "")));
        }
        return new SkeletonNames(programs, maps, globals, usdtSpecs);
    }

    /** The GlobalData field of a section: {@code bss}, {@code data}, {@code rodata}. */
    static String dataField(GlobalSection section) {
        return section.sectionName().substring(1);
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** {@code fromIp} → {@code FROM_IP}. */
    private static String constantName(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
