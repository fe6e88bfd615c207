package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.GlobalSection;
import org.bpf4j.processor.skeleton.SkeletonNames.GlobalMember;

/**
 * Per global: its offset as a constant, a getter, a setter outside {@code .rodata}, and for
 * {@code @BpfConfig} globals the {@code Opened} setter; per section in use, a field with the
 * section's {@code GlobalData}.
 */
final class GlobalMembers {
    private final BpfClass model;
    private final List<GlobalMember> globals;
    private final ClassName skeleton;
    private final ClassName opened;

    GlobalMembers(BpfClass model, List<GlobalMember> globals, ClassName skeleton, ClassName opened) {
        this.model = model;
        this.globals = globals;
        this.skeleton = skeleton;
        this.opened = opened;
    }

    void addTo(TypeSpec.Builder t, MethodSpec.Builder constructor) {
        for (GlobalSection section : GlobalSection.values()) {
            if (!model.globals(section).isEmpty()) {
                String data = SkeletonNames.dataField(section);
                t.addField(Names.GLOBAL_DATA, data, Modifier.PRIVATE, Modifier.FINAL);
                constructor.addStatement("this.$N = object.globals($S)", data, section.sectionName());
            }
        }
        for (GlobalMember g : globals) {
            t.addField(offsetConstant(g));
            t.addMethod(getter(g));
            if (g.global().section() != GlobalSection.RODATA) {
                t.addMethod(setter(g, g.accessor(), SkeletonNames.dataField(g.global().section()),
                        skeleton)
                        .addJavadoc("Sets global {@code $L}; the programs see the new value at once.\n",
                                g.global().name())
                        .build());
            }
        }
    }

    /** The {@code Opened} setters of {@code @BpfConfig} globals. */
    List<MethodSpec> configSetters() {
        return globals.stream().filter(g -> g.configSetter().isPresent())
                .map(g -> setter(g, g.configSetter().get(), "file.rodata()", opened)
                        .addJavadoc("Sets {@code @BpfConfig} global {@code $L}; the verifier sees it "
                                + "as a constant once loaded.\n", g.global().name())
                        .build())
                .toList();
    }

    private static FieldSpec offsetConstant(GlobalMember g) {
        return FieldSpec.builder(int.class, g.offsetConstant(), Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc("Where global {@code $L} lives in {@code $L}.\n", g.global().name(),
                        g.global().section().sectionName())
                .initializer("$L", g.global().offset())
                .build();
    }

    private static MethodSpec getter(GlobalMember g) {
        GlobalField global = g.global();
        MethodSpec.Builder getter = MethodSpec.methodBuilder(g.accessor())
                .addModifiers(Modifier.PUBLIC).returns(TypeName.get(global.field().asType()))
                .addCode(GlobalAccess.getter(global, SkeletonNames.dataField(global.section()),
                        g.offsetConstant()));
        if (global.section() == GlobalSection.RODATA) {
            getter.addJavadoc("The current value of global {@code $L} (in {@code .rodata}: set it "
                    + "with {@link Opened#$L} before load).\n", global.name(), g.configSetter().get());
        } else {
            getter.addJavadoc("The current value of global {@code $L} (in {@code $L}, shared with "
                    + "the running programs).\n", global.name(), global.section().sectionName());
        }
        return getter.build();
    }

    /** A setter writing the global into {@code data}, returning {@code this}. */
    private static MethodSpec.Builder setter(GlobalMember g, String name, String data,
            ClassName returns) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC).returns(returns)
                .addParameter(TypeName.get(g.global().field().asType()), "value")
                .addCode(GlobalAccess.setter(g.global(), data, g.offsetConstant()))
                .addStatement("return this");
    }
}
