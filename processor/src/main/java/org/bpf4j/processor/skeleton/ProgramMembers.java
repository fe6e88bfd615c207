package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.skeleton.SkeletonNames.ProgramMember;

/** Per program: a field set from the loaded object, its accessor and {@code attachXxx(target)}. */
final class ProgramMembers {
    private final List<ProgramMember> programs;
    private final UsdtMembers usdt;

    ProgramMembers(List<ProgramMember> programs, UsdtMembers usdt) {
        this.programs = programs;
        this.usdt = usdt;
    }

    void addTo(TypeSpec.Builder skeleton, MethodSpec.Builder constructor) {
        for (ProgramMember p : programs) {
            skeleton.addField(Names.PROGRAM, p.field(), Modifier.PRIVATE, Modifier.FINAL);
            constructor.addStatement("this.$N = object.program($S)", p.field(), p.program().name());
            skeleton.addMethod(MethodSpec.methodBuilder(p.field())
                    .addJavadoc("The $L program {@code $L} (section {@code $L}).\n",
                            p.program().type(), p.program().name(), p.program().section())
                    .addModifiers(Modifier.PUBLIC).returns(Names.PROGRAM)
                    .addStatement("return $N", p.field()).build());
        }
        for (ProgramMember p : programs) {
            p.attachMethod().ifPresent(name -> skeleton.addMethod(attachOne(p, name)));
        }
    }

    /** {@code attachXxx(target)}: one program, to a target chosen at run time. */
    private MethodSpec attachOne(ProgramMember p, String name) {
        return MethodSpec.methodBuilder(name)
                .addJavadoc("Attaches the $L program {@code $L} to {@code target} (an interface for "
                        + "XDP and tc, {@code category/name} for a tracepoint, a cgroup path, "
                        + "{@code /path/binary:function} for a uprobe, {@code binary:provider:name} for "
                        + "USDT, …); {@link #close()} detaches "
                        + "it.\n", p.program().type(), p.program().name())
                .addModifiers(Modifier.PUBLIC).returns(Names.LINK)
                .addParameter(String.class, "target")
                .addStatement("$T link = $L", Names.LINK, usdt.attachCall(p, CodeBlock.of("target")))
                .addStatement("links.add(link)")
                .addStatement("return link")
                .build();
    }
}
