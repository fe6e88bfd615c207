package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.processor.skeleton.SkeletonNames.ProgramMember;

/**
 * What a skeleton with USDT programs adds: the object's one {@code UsdtSpecs} (it hands out the
 * spec map's indexes, so all attachments of the object share it), USDT programs attached
 * through it, and {@code attachXxx(target, pid, cookie)} to trace one process or give a cookie.
 */
final class UsdtMembers {
    private static final ClassName USDT_SPECS = ClassName.get("org.bpf4j.runtime.attach", "UsdtSpecs");

    private final List<ProgramMember> programs;
    private final Optional<String> field;

    UsdtMembers(List<ProgramMember> programs, Optional<String> field) {
        this.programs = programs;
        this.field = field;
    }

    static boolean isUsdt(ProgramMember p) {
        return p.program().type() == ProgramType.USDT;
    }

    void addTo(TypeSpec.Builder skeleton, MethodSpec.Builder constructor) {
        if (field.isEmpty()) {
            return;
        }
        skeleton.addField(USDT_SPECS, field.get(), Modifier.PRIVATE, Modifier.FINAL);
        constructor.addStatement("this.$N = $T.of(object)", field.get(), USDT_SPECS);
        for (ProgramMember p : programs) {
            if (isUsdt(p) && p.attachMethod().isPresent()) {
                skeleton.addMethod(attachToProcess(p, p.attachMethod().get()));
            }
        }
    }

    /** The expression attaching {@code p} to {@code target} (a string expression) in every process. */
    CodeBlock attachCall(ProgramMember p, CodeBlock target) {
        if (isUsdt(p)) {
            return CodeBlock.of("$N.attach($N, $L, -1, 0)", field.orElseThrow(), p.field(), target);
        }
        return CodeBlock.of("$T.auto($N, $L)", Names.ATTACH, p.field(), target);
    }

    private MethodSpec attachToProcess(ProgramMember p, String name) {
        return MethodSpec.methodBuilder(name)
                .addJavadoc("Attaches the USDT program {@code $L} to {@code target}, "
                        + "{@code binary:provider:name}, in process {@code pid} (every process when "
                        + "negative), with {@code cookie} for {@code ctx.cookie()}; a binary without a "
                        + "path is the file of that name the process maps (such as {@code libjvm.so}). "
                        + "{@link #close()} detaches it.\n", p.program().name())
                .addModifiers(Modifier.PUBLIC).returns(Names.LINK)
                .addParameter(String.class, "target")
                .addParameter(int.class, "pid")
                .addParameter(long.class, "cookie")
                .addStatement("$T link = $N.attach($N, target, pid, cookie)", Names.LINK, field.get(), p.field())
                .addStatement("links.add(link)")
                .addStatement("return link")
                .build();
    }
}
