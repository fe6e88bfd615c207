package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.model.BpfClass;

/**
 * Generates {@code XxxSkeleton} for a BPF class, the libbpf skeleton lifecycle in Java:
 * {@code open()} (set {@code @BpfConfig} globals, resize maps) → {@code load()} →
 * {@code attach()} → {@code close()}, with a typed accessor per program, map and global, and a
 * codec per {@code @BpfStruct}. The member names are allocated first ({@link SkeletonNames});
 * then each step adds its members: programs, maps, globals, the lifecycle, codecs.
 */
public final class SkeletonGenerator {
    private static final ClassName GENERATED =
            ClassName.get("javax.annotation.processing", "Generated");
    private static final String PROCESSOR = "org.bpf4j.processor.BpfProcessor";

    /** The runtime class every skeleton needs. */
    public static final String RUNTIME_API = Names.OBJECT_FILE.canonicalName();
    /** The runtime class {@code attach()} delegates to. */
    public static final String ATTACH_API = Names.ATTACH.canonicalName();

    private final BpfClass model;
    private final SkeletonOptions options;
    private final ClassName user;
    private final ClassName skeleton;

    public SkeletonGenerator(BpfClass model, SkeletonOptions options) {
        this.model = model;
        this.options = options;
        this.user = ClassName.get(model.element());
        this.skeleton = ClassName.get(model.packageName(), model.skeletonName());
    }

    public JavaFile javaFile() {
        return JavaFile.builder(model.packageName(), type()).skipJavaLangImports(true).build();
    }

    TypeSpec type() {
        ClassName opened = skeleton.nestedClass("Opened");
        SkeletonNames names = SkeletonNames.allocate(model, options);
        CodecReferences codecs = new CodecReferences(model, skeleton);
        UsdtMembers usdt = new UsdtMembers(names.programs(), names.usdtSpecs());
        Lifecycle lifecycle = new Lifecycle(names.programs(), options, user, skeleton, opened, usdt);
        MapMembers maps = new MapMembers(names.maps(), codecs, opened);
        GlobalMembers globals = new GlobalMembers(model, names.globals(), skeleton, opened);

        TypeSpec.Builder t = TypeSpec.classBuilder(skeleton).addOriginatingElement(model.element());
        if (options.generatedAnnotation()) {
            t.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
        }
        t.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc(classDoc(lifecycle));
        lifecycle.addFields(t, "/" + model.resourceName());
        MethodSpec.Builder constructor = lifecycle.constructor();
        new ProgramMembers(names.programs(), usdt).addTo(t, constructor);
        usdt.addTo(t, constructor);
        maps.addTo(t, constructor);
        globals.addTo(t, constructor);
        t.addMethod(constructor.build());
        lifecycle.addMethods(t);
        List<MethodSpec> beforeLoad = new ArrayList<>(globals.configSetters());
        beforeLoad.addAll(maps.resizers());
        t.addType(lifecycle.openedType(beforeLoad));
        new CodecMembers(model, codecs, skeleton).addTo(t);
        return t.build();
    }

    private CodeBlock classDoc(Lifecycle lifecycle) {
        return CodeBlock.builder()
                .add("The BPF programs, maps and globals of {@link $T}, compiled by bpf4j into\n", user)
                .add("{@code $L}.\n\n", model.resourceName())
                .add(lifecycle.usage())
                .build();
    }
}
