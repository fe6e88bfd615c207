package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.GlobalSection;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.ProgramDecl;
import org.bpf4j.processor.model.StructModel;

/**
 * Generates {@code XxxSkeleton} for a BPF class, the libbpf skeleton lifecycle in Java:
 * {@code open()} (set {@code @BpfConfig} globals, resize maps) → {@code load()} →
 * {@code attach()} → {@code close()}, with a typed accessor per program, map and global, and a
 * codec per {@code @BpfStruct}.
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
    private final ClassName user;
    private final ClassName skeleton;
    private final ClassName opened;
    private final CodecReferences codecs;
    private final AccessorNames names = new AccessorNames();
    /** The skeleton field holding each program, by program name. */
    private final Map<String, String> programFields = new HashMap<>();
    private final SkeletonOptions options;

    public SkeletonGenerator(BpfClass model, SkeletonOptions options) {
        this.model = model;
        this.options = options;
        this.user = ClassName.get(model.element());
        this.skeleton = ClassName.get(model.packageName(), model.skeletonName());
        this.opened = skeleton.nestedClass("Opened");
        this.codecs = new CodecReferences(model, skeleton);
    }

    public JavaFile javaFile() {
        return JavaFile.builder(model.packageName(), type()).skipJavaLangImports(true).build();
    }

    TypeSpec type() {
        TypeSpec.Builder t = TypeSpec.classBuilder(skeleton)
                .addOriginatingElement(model.element());
        if (options.generatedAnnotation()) {
            t.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
        }
        t.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc(classDoc())
                .addField(FieldSpec.builder(String.class, "RESOURCE", Modifier.PUBLIC,
                                Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The compiled object on the class path.\n")
                        .initializer("$S", "/" + model.resourceName()).build())
                .addField(Names.LOADED_OBJECT, "object", Modifier.PRIVATE, Modifier.FINAL)
                .addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class),
                                ClassName.get(AutoCloseable.class)), "links", Modifier.PRIVATE,
                                Modifier.FINAL)
                        .initializer("new $T<>()", ArrayList.class).build());
        if (attachesAll()) {
            t.addField(boolean.class, "attached", Modifier.PRIVATE);
        }
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Names.LOADED_OBJECT, "object")
                .addStatement("this.object = object");
        for (ProgramDecl p : model.programs()) {
            String field = names.allocate(p.methodName(), "Program");
            programFields.put(p.name(), field);
            t.addField(Names.PROGRAM, field, Modifier.PRIVATE, Modifier.FINAL);
            constructor.addStatement("this.$N = object.program($S)", field, p.name());
            t.addMethod(MethodSpec.methodBuilder(field)
                    .addJavadoc("The $L program {@code $L} (section {@code $L}).\n", p.type(),
                            p.name(), p.section())
                    .addModifiers(Modifier.PUBLIC).returns(Names.PROGRAM)
                    .addStatement("return $N", field).build());
        }
        if (options.canAttach()) {
            model.programs().forEach(p -> t.addMethod(attachOne(p)));
        }
        for (MapField m : model.maps()) {
            String field = names.allocate(m.fieldName(), "Map");
            TypeName type = TypeName.get(m.field().asType());
            t.addField(type, field, Modifier.PRIVATE, Modifier.FINAL);
            constructor.addStatement("this.$N = $L", field, newMap(m));
            t.addMethod(MethodSpec.methodBuilder(field)
                    .addJavadoc("The $L map {@code $L}, backed by the kernel map.\n", m.kind(), m.name())
                    .addModifiers(Modifier.PUBLIC).returns(type)
                    .addStatement("return $N", field).build());
        }
        for (GlobalSection section : GlobalSection.values()) {
            if (!model.globals(section).isEmpty()) {
                String data = dataField(section);
                t.addField(Names.GLOBAL_DATA, data, Modifier.PRIVATE, Modifier.FINAL);
                constructor.addStatement("this.$N = object.globals($S)", data, section.sectionName());
            }
        }
        for (GlobalField g : model.globals()) {
            addGlobalAccessors(t, g);
        }
        t.addMethod(constructor.build())
                .addMethod(MethodSpec.methodBuilder("load")
                        .addJavadoc("Opens and loads the programs and maps: {@code open().load()}.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(skeleton)
                        .addStatement("return open().load()").build())
                .addMethod(MethodSpec.methodBuilder("open")
                        .addJavadoc("Opens the object without loading it, to set {@code @BpfConfig} "
                                + "globals and resize maps first.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(opened)
                        .addStatement("return new $T($T.openResource($T.class, RESOURCE))", opened,
                                Names.OBJECT_FILE, user)
                        .build())
                .addMethod(attach())
                .addMethod(MethodSpec.methodBuilder("object")
                        .addJavadoc("The loaded object, for what the typed accessors do not cover.\n")
                        .addModifiers(Modifier.PUBLIC).returns(Names.LOADED_OBJECT)
                        .addStatement("return object").build())
                .addMethod(close())
                .addType(openedType());
        addCodecs(t);
        return t.build();
    }

    private CodeBlock classDoc() {
        return CodeBlock.builder()
                .add("The BPF programs, maps and globals of {@link $T}, compiled by bpf4j into\n", user)
                .add("{@code $L}.\n\n", model.resourceName())
                .add("<pre>{@code\ntry ($T s = $T.load()) {\n    s.attach();\n    ...\n}\n}</pre>\n",
                        skeleton, skeleton)
                .build();
    }

    private CodeBlock newMap(MapField m) {
        ClassName mapClass = ClassName.get(m.mapClass());
        CodeBlock store = CodeBlock.of("object.map($S)", m.name());
        return switch (m.shape()) {
            case KEYED -> CodeBlock.of("new $T<>($L, $L, $L)", mapClass,
                    codecs.of(m.keyType().orElseThrow(), m.keySize()),
                    codecs.of(m.valueType().orElseThrow(), m.valueSize()), store);
            case INDEXED -> CodeBlock.of("new $T<>($L, $L)", mapClass,
                    codecs.of(m.valueType().orElseThrow(), m.valueSize()), store);
            case RING -> CodeBlock.of("new $T<>($L, new $T($L), $L.maxEntries())", mapClass,
                    codecs.of(m.recordType().orElseThrow(), 0), Names.RING_BUFFER, store, store);
            case PERF -> CodeBlock.of("new $T<>($L, new $T($L))", mapClass,
                    codecs.of(m.recordType().orElseThrow(), 0), Names.PERF_BUFFER, store);
            case FD_ARRAY -> CodeBlock.of("new $T($L)", mapClass, store);
        };
    }

    private static String dataField(GlobalSection section) {
        return section.sectionName().substring(1);
    }

    private void addGlobalAccessors(TypeSpec.Builder t, GlobalField g) {
        String name = names.allocate(g.name(), "Global");
        String data = dataField(g.section());
        TypeName type = TypeName.get(g.field().asType());
        String where = g.section() == GlobalSection.RODATA
                ? "(in {@code .rodata}: set it with {@link Opened#$L} before load)"
                : "(in {@code $L}, shared with the running programs)";
        String whereArg = g.section() == GlobalSection.RODATA ? name : g.section().sectionName();
        MethodSpec.Builder getter = MethodSpec.methodBuilder(name)
                .addJavadoc("The current value of global {@code $L} " + where + ".\n", g.name(), whereArg)
                .addModifiers(Modifier.PUBLIC).returns(type)
                .addCode(GlobalAccess.getter(g, data));
        t.addMethod(getter.build());
        if (g.section() != GlobalSection.RODATA) {
            t.addMethod(setter(g, name, data, skeleton, "this")
                    .addJavadoc("Sets global {@code $L}; the programs see the new value at once.\n",
                            g.name())
                    .build());
        }
    }

    /** A setter writing the global into {@code data}, returning {@code self}. */
    private MethodSpec.Builder setter(GlobalField g, String name, String data, ClassName returns,
            String self) {
        TypeName type = TypeName.get(g.field().asType());
        MethodSpec.Builder setter = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC).returns(returns)
                .addParameter(type, "value")
                .addCode(GlobalAccess.setter(g, data));
        return setter.addStatement("return $L", self);
    }

    private MethodSpec attach() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("attach")
                .addModifiers(Modifier.PUBLIC).returns(skeleton);
        List<ProgramDecl> targeted = model.programs().stream()
                .filter(p -> p.attachTarget().isPresent()).toList();
        if (targeted.isEmpty()) {
            m.addJavadoc("No program of {@link $T} names its attach target: attach them through "
                    + "their accessors. Returns this skeleton.\n", user);
        } else if (!options.canAttach()) {
            return m.addJavadoc("Cannot attach: the bpf4j runtime this skeleton was compiled "
                            + "against has no {@code $L}.\n", ATTACH_API)
                    .addStatement("throw new $T($S)", UnsupportedOperationException.class,
                            "the bpf4j runtime on the class path at compile time had no "
                                    + ATTACH_API + "; attach the programs through the runtime "
                                    + "directly")
                    .build();
        } else {
            m.addJavadoc("Attaches every program whose target is known at compile time; closing "
                    + "the skeleton detaches them (also those attached before a failure). "
                    + "Returns this skeleton.\n")
                    .beginControlFlow("if (attached)")
                    .addStatement("throw new $T($S)", IllegalStateException.class,
                            "already attached; close() detaches")
                    .endControlFlow()
                    .addStatement("attached = true");
        }
        for (ProgramDecl p : targeted) {
            m.addStatement("links.add($T.auto($N, $S))", Names.ATTACH, programFields.get(p.name()),
                    p.attachTarget().get());
        }
        return m.addStatement("return this").build();
    }

    /** Whether {@code attach()} attaches anything (and so remembers that it did). */
    private boolean attachesAll() {
        return options.canAttach() && model.programs().stream().anyMatch(p -> p.attachTarget().isPresent());
    }

    /** {@code attachXxx(target)}: one program, to a target chosen at run time. */
    private MethodSpec attachOne(ProgramDecl p) {
        String field = programFields.get(p.name());
        String name = names.allocate("attach" + Character.toUpperCase(field.charAt(0))
                + field.substring(1), "");
        return MethodSpec.methodBuilder(name)
                .addJavadoc("Attaches the $L program {@code $L} to {@code target} (an interface for "
                        + "XDP and tc, {@code category/name} for a tracepoint, a cgroup path, "
                        + "{@code /path/binary:function} for a uprobe, …); {@link #close()} detaches "
                        + "it.\n", p.type(), p.name())
                .addModifiers(Modifier.PUBLIC).returns(Names.LINK)
                .addParameter(String.class, "target")
                .addStatement("$T link = $T.auto($N, target)", Names.LINK, Names.ATTACH, field)
                .addStatement("links.add(link)")
                .addStatement("return link")
                .build();
    }

    private MethodSpec close() {
        return MethodSpec.methodBuilder("close")
                .addJavadoc("Detaches every link made by {@link #attach}, then closes programs "
                        + "and maps.\n")
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

    private TypeSpec openedType() {
        TypeSpec.Builder t = TypeSpec.classBuilder(opened)
                .addJavadoc("The opened, not yet loaded object: set config globals and map sizes, "
                        + "then {@link #load()}.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addField(Names.OBJECT_FILE, "file", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(Names.OBJECT_FILE, "file")
                        .addStatement("this.file = file").build());
        AccessorNames openedNames = new AccessorNames();
        for (GlobalField g : model.globals(GlobalSection.RODATA)) {
            String name = openedNames.allocate(g.name(), "Config");
            t.addMethod(setter(g, name, "file.rodata()", opened, "this")
                    .addJavadoc("Sets {@code @BpfConfig} global {@code $L}; the verifier sees it "
                            + "as a constant once loaded.\n", g.name())
                    .build());
        }
        for (MapField m : model.maps()) {
            String name = openedNames.allocate(m.fieldName() + "MaxEntries", "");
            t.addMethod(MethodSpec.methodBuilder(name)
                    .addJavadoc("Resizes map {@code $L} (declared with $L entries) before load.\n",
                            m.name(), m.maxEntries())
                    .addModifiers(Modifier.PUBLIC).returns(opened)
                    .addParameter(int.class, "maxEntries")
                    .addStatement("file.resizeMap($S, maxEntries)", m.name())
                    .addStatement("return this").build());
        }
        return t.addMethod(MethodSpec.methodBuilder("load")
                        .addJavadoc("Loads programs and maps into the kernel.\n")
                        .addModifiers(Modifier.PUBLIC).returns(skeleton)
                        .addStatement("return new $T(file.load())", skeleton).build())
                .build();
    }

    private void addCodecs(TypeSpec.Builder t) {
        Map<StructModel, ClassName> generated = codecs.generated();
        for (Map.Entry<StructModel, ClassName> e : generated.entrySet()) {
            t.addType(new StructCodecGenerator(e.getKey(), e.getValue(), codecs, skeleton).generate());
        }
        boolean arrays = model.globals().stream().anyMatch(GlobalField::isArray)
                || generated.keySet().stream().anyMatch(s -> s.fields().stream()
                        .anyMatch(f -> f.isArray()));
        if (!generated.isEmpty()) {
            t.addMethod(MethodSpec.methodBuilder("zero")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(ByteBuffer.class, "out")
                    .addParameter(int.class, "from")
                    .addParameter(int.class, "to")
                    .beginControlFlow("for (int i = from; i < to; i++)")
                    .addStatement("out.put(i, (byte) 0)")
                    .endControlFlow().build());
        }
        if (arrays) {
            t.addMethod(MethodSpec.methodBuilder("checkLength")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(String.class, "what")
                    .addParameter(int.class, "length")
                    .addParameter(int.class, "size")
                    .beginControlFlow("if (length != size)")
                    .addStatement("throw new $T(what + \" has \" + length + \" elements; its @Size "
                            + "is \" + size)", IllegalArgumentException.class)
                    .endControlFlow().build());
        }
    }
}
