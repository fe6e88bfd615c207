package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.skeleton.SkeletonNames.ProgramMember;

/**
 * libbpf's skeleton lifecycle in Java: {@code open()} → {@code Opened} (config globals, map
 * sizes) → {@code load()} → {@code attach()} → {@code close()}. {@code attach()} exists only
 * when some program names its target at compile time: an {@code attach()} that attaches nothing
 * would read as if it did.
 */
final class Lifecycle {
    private final List<ProgramMember> programs;
    private final List<ProgramMember> targeted;
    private final SkeletonOptions options;
    private final ClassName user;
    private final ClassName skeleton;
    private final ClassName opened;
    private final UsdtMembers usdt;

    Lifecycle(List<ProgramMember> programs, SkeletonOptions options, ClassName user,
            ClassName skeleton, ClassName opened, UsdtMembers usdt) {
        this.programs = programs;
        this.usdt = usdt;
        this.targeted = programs.stream()
                .filter(p -> p.program().attachTarget().isPresent()).toList();
        this.options = options;
        this.user = user;
        this.skeleton = skeleton;
        this.opened = opened;
    }

    /** The usage example of the class Javadoc, showing how this skeleton's programs attach. */
    CodeBlock usage() {
        return CodeBlock.of("<pre>{@code\ntry ($T s = $T.load()) {\n$L    ...\n}\n}</pre>\n",
                skeleton, skeleton, attachExample());
    }

    private String attachExample() {
        if (attachesAll()) {
            return "    s.attach();\n";
        }
        return programs.stream().flatMap(p -> p.attachMethod().stream()).findFirst()
                .map(m -> "    s." + m + "(target);\n").orElse("");
    }

    /** The fields every skeleton has, and {@code attached} when {@code attach()} attaches. */
    void addFields(TypeSpec.Builder t, String resource) {
        t.addField(FieldSpec.builder(String.class, "RESOURCE", Modifier.PUBLIC, Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc("The compiled object on the class path.\n")
                        .initializer("$S", resource).build())
                .addField(Names.LOADED_OBJECT, "object", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class),
                                ClassName.get(AutoCloseable.class)), "links", Modifier.PRIVATE,
                                Modifier.FINAL)
                        .initializer("new $T<>()", ArrayList.class).build());
        if (attachesAll()) {
            t.addField(boolean.class, "attached", Modifier.PRIVATE);
        }
    }

    MethodSpec.Builder constructor() {
        return MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Names.LOADED_OBJECT, "object")
                .addStatement("this.object = object");
    }

    /** {@code load()}, {@code open()}, {@code attach()} where it attaches something, {@code object()}, {@code close()}. */
    void addMethods(TypeSpec.Builder t) {
        t.addMethod(MethodSpec.methodBuilder("load")
                        .addJavadoc("Opens and loads the programs and maps: {@code open().load()}.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skeleton)
                        .addStatement("return open().load()").build())
                .addMethod(MethodSpec.methodBuilder("open")
                        .addJavadoc("Opens the object without loading it, to set {@code @BpfConfig} "
                                + "globals and resize maps first.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(opened)
                        .addStatement("return new $T($T.openResource($T.class, RESOURCE))", opened,
                                Names.OBJECT_FILE, user)
                        .build());
        attach().ifPresent(t::addMethod);
        t.addMethod(MethodSpec.methodBuilder("object")
                        .addJavadoc("The loaded object, for what the typed accessors do not cover.\n")
                        .addModifiers(Modifier.PUBLIC).returns(Names.LOADED_OBJECT)
                        .addStatement("return object").build())
                .addMethod(close());
    }

    /** The {@code Opened} class, with the setters that must come before load. */
    TypeSpec openedType(List<MethodSpec> settings) {
        return TypeSpec.classBuilder(opened)
                .addJavadoc("The opened, not yet loaded object: set config globals and map sizes, "
                        + "then {@link #load()}.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addField(Names.OBJECT_FILE, "file", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(Names.OBJECT_FILE, "file")
                        .addStatement("this.file = file").build())
                .addMethods(settings)
                .addMethod(MethodSpec.methodBuilder("load")
                        .addJavadoc("Loads programs and maps into the kernel.\n")
                        .addModifiers(Modifier.PUBLIC).returns(skeleton)
                        .addStatement("return new $T(file.load())", skeleton).build())
                .build();
    }

    /** Whether {@code attach()} attaches something (and so remembers that it did). */
    private boolean attachesAll() {
        return options.canAttach() && !targeted.isEmpty();
    }

    private Optional<MethodSpec> attach() {
        if (targeted.isEmpty()) {
            return Optional.empty();
        }
        MethodSpec.Builder m = MethodSpec.methodBuilder("attach")
                .addModifiers(Modifier.PUBLIC).returns(skeleton);
        if (!options.canAttach()) {
            return Optional.of(m.addJavadoc("Cannot attach: the bpf4j runtime this skeleton was "
                            + "compiled against has no {@code $L}.\n", SkeletonGenerator.ATTACH_API)
                    .addStatement("throw new $T($S)", UnsupportedOperationException.class,
                            "the bpf4j runtime on the class path at compile time had no "
                                    + SkeletonGenerator.ATTACH_API + "; attach the programs "
                                    + "through the runtime directly")
                    .build());
        }
        m.addJavadoc("Attaches every program whose target is known at compile time; closing "
                        + "the skeleton detaches them (also those attached before a failure). "
                        + "Returns this skeleton.\n")
                .beginControlFlow("if (attached)")
                .addStatement("throw new $T($S)", IllegalStateException.class,
                        "already attached; close() detaches")
                .endControlFlow()
                .addStatement("attached = true");
        for (ProgramMember p : targeted) {
            m.addStatement("links.add($L)", usdt.attachCall(p, CodeBlock.of("$S", p.program().attachTarget().get())));
        }
        return Optional.of(m.addStatement("return this").build());
    }

    private static MethodSpec close() {
        return MethodSpec.methodBuilder("close")
                .addJavadoc("Detaches every program attached through this skeleton, then closes "
                        + "programs and maps.\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addStatement("$T failure = null", RuntimeException.class)
                .beginControlFlow("for (int i = links.size() - 1; i >= 0; i--)")
                .beginControlFlow("try")
                .addStatement("links.get(i).close()")
                .nextControlFlow("catch ($T e)", Exception.class)
                .beginControlFlow("if (failure == null)")
                .addStatement("failure = new $T(\"detaching a program failed\", e)",
                        RuntimeException.class)
                .nextControlFlow("else")
                .addStatement("failure.addSuppressed(e)")
                .endControlFlow()
                .endControlFlow()
                .endControlFlow()
                .addStatement("links.clear()")
                .addStatement("object.close()")
                .beginControlFlow("if (failure != null)")
                .addStatement("throw failure")
                .endControlFlow()
                .build();
    }
}
