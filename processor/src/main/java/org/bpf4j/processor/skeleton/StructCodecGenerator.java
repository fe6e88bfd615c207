package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.StructModel;

/**
 * Generates a {@code Codec} for one {@code @BpfStruct}: straight-line absolute reads and writes
 * at the model's offsets, padding written as zeros (hash keys compare every byte), network-order
 * structs read through a big-endian view of the same buffer.
 */
final class StructCodecGenerator {
    /** ByteBuffer accessor suffix per primitive: getInt/putInt, getLong/putLong, … */
    private static final Map<TypeKind, String> ACCESSORS = Map.of(
            TypeKind.BOOLEAN, "",
            TypeKind.BYTE, "",
            TypeKind.SHORT, "Short",
            TypeKind.CHAR, "Char",
            TypeKind.INT, "Int",
            TypeKind.LONG, "Long");

    private final StructModel layout;
    private final ClassName codecName;
    private final CodecReferences codecs;
    /** The skeleton, which holds the {@code zero} and {@code checkLength} helpers. */
    private final ClassName support;

    StructCodecGenerator(StructModel layout, ClassName codecName, CodecReferences codecs,
            ClassName support) {
        this.layout = layout;
        this.codecName = codecName;
        this.codecs = codecs;
        this.support = support;
    }

    TypeSpec generate() {
        ClassName struct = ClassName.get(layout.element());
        return TypeSpec.classBuilder(codecName)
                .addJavadoc("Encodes and decodes {@link $T} in its C layout ($L bytes).\n",
                        struct, layout.size())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(ParameterizedTypeName.get(Names.CODEC, struct))
                .addField(FieldSpec.builder(codecName, "INSTANCE", Modifier.PUBLIC,
                        Modifier.STATIC, Modifier.FINAL).initializer("new $T()", codecName).build())
                .addField(FieldSpec.builder(int.class, "SIZE", Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL).initializer("$L", layout.size()).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("size")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(int.class)
                        .addStatement("return SIZE")
                        .build())
                .addMethod(encode(struct))
                .addMethod(decode(struct))
                .build();
    }

    private MethodSpec encode(ClassName struct) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("encode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(struct, "value")
                .addParameter(ByteBuffer.class, "out")
                .addStatement("int at = out.position()");
        declareView(m, "out");
        int end = 0;
        for (FieldLayout f : layout.fields()) {
            if (f.offset() > end) {
                m.addStatement("$T.zero(out, $L, $L)", support, at(end), at(f.offset()));
            }
            m.addCode(encodeField(f));
            end = f.offset() + f.size();
        }
        if (layout.size() > end) {
            m.addStatement("$T.zero(out, $L, $L)", support, at(end), at(layout.size()));
        }
        return m.addStatement("out.position(at + SIZE)").build();
    }

    private MethodSpec decode(ClassName struct) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("decode")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(struct)
                .addParameter(ByteBuffer.class, "in")
                .addStatement("int at = in.position()");
        declareView(m, "in");
        m.addStatement("$T value = new $T()", struct, struct);
        for (FieldLayout f : layout.fields()) {
            m.addCode(decodeField(f));
        }
        return m.addStatement("in.position(at + SIZE)").addStatement("return value").build();
    }

    /** Network-order scalars go through a big-endian view of the same bytes. */
    private void declareView(MethodSpec.Builder m, String buffer) {
        if (layout.networkOrder()) {
            m.addStatement("$T data = $L.duplicate().order($T.BIG_ENDIAN)", ByteBuffer.class,
                    buffer, ByteOrder.class);
        }
    }

    /** The buffer scalars are read from or written to. */
    private String scalars(String buffer) {
        return layout.networkOrder() ? "data" : buffer;
    }

    private CodeBlock encodeField(FieldLayout f) {
        String name = f.name();
        CodeBlock.Builder c = CodeBlock.builder();
        if (!f.isArray()) {
            if (f.nested().isPresent()) {
                c.beginControlFlow("if (value.$N == null)", name)
                        .addStatement("$T.zero(out, $L, $L)", support, at(f.offset()),
                                at(f.offset() + f.size()))
                        .nextControlFlow("else")
                        .addStatement("out.position($L)", at(f.offset()))
                        .addStatement("$L.encode(value.$N, out)", codecs.of(f.nested().get()), name)
                        .endControlFlow();
            } else {
                c.addStatement("$L.put$L($L, $L)", scalars("out"), accessor(f), at(f.offset()),
                        toStored(f, "value." + name));
            }
            return c.build();
        }
        c.beginControlFlow("if (value.$N == null)", name)
                .addStatement("$T.zero(out, $L, $L)", support, at(f.offset()),
                        at(f.offset() + f.size()))
                .nextControlFlow("else")
                .addStatement("$T.checkLength($S, value.$N.length, $L)", support,
                        layout.cName() + "." + name, name, f.arrayLength());
        if (f.elementType().getKind() == TypeKind.BYTE) {
            c.addStatement("out.put($L, value.$N)", at(f.offset()), name);
        } else if (f.nested().isPresent()) {
            c.beginControlFlow("for (int i = 0; i < $L; i++)", f.arrayLength())
                    .beginControlFlow("if (value.$N[i] == null)", name)
                    .addStatement("$T.zero(out, $L, $L)", support, element(f, "i"),
                            element(f, "i + 1"))
                    .nextControlFlow("else")
                    .addStatement("out.position($L)", element(f, "i"))
                    .addStatement("$L.encode(value.$N[i], out)", codecs.of(f.nested().get()), name)
                    .endControlFlow()
                    .endControlFlow();
        } else {
            c.beginControlFlow("for (int i = 0; i < $L; i++)", f.arrayLength())
                    .addStatement("$L.put$L($L, $L)", scalars("out"), accessor(f), element(f, "i"),
                            toStored(f, "value." + name + "[i]"))
                    .endControlFlow();
        }
        return c.endControlFlow().build();
    }

    private CodeBlock decodeField(FieldLayout f) {
        String name = f.name();
        CodeBlock.Builder c = CodeBlock.builder();
        if (!f.isArray()) {
            if (f.nested().isPresent()) {
                c.addStatement("in.position($L)", at(f.offset()))
                        .addStatement("value.$N = $L.decode(in)", name, codecs.of(f.nested().get()));
            } else {
                c.addStatement("value.$N = $L", name,
                        fromStored(f, CodeBlock.of("$L.get$L($L)", scalars("in"), accessor(f),
                                at(f.offset()))));
            }
            return c.build();
        }
        TypeName element = TypeName.get(f.elementType());
        c.addStatement("value.$N = new $T[$L]", name, element, f.arrayLength());
        if (f.elementType().getKind() == TypeKind.BYTE) {
            return c.addStatement("in.get($L, value.$N)", at(f.offset()), name).build();
        }
        c.beginControlFlow("for (int i = 0; i < $L; i++)", f.arrayLength());
        if (f.nested().isPresent()) {
            c.addStatement("in.position($L)", element(f, "i"))
                    .addStatement("value.$N[i] = $L.decode(in)", name, codecs.of(f.nested().get()));
        } else {
            c.addStatement("value.$N[i] = $L", name, fromStored(f, CodeBlock.of(
                    "$L.get$L($L)", scalars("in"), accessor(f), element(f, "i"))));
        }
        return c.endControlFlow().build();
    }

    /** {@code offset} bytes into the struct, which starts at {@code at}. */
    private static String at(int offset) {
        return Offsets.plus("at", offset);
    }

    /** Element {@code index} of array member {@code f}. */
    private static String element(FieldLayout f, String index) {
        return Offsets.element("at", f.offset(), index, f.elementSize());
    }

    private static String accessor(FieldLayout f) {
        return ACCESSORS.get(f.elementType().getKind());
    }

    private static CodeBlock toStored(FieldLayout f, String expression) {
        return f.elementType().getKind() == TypeKind.BOOLEAN
                ? CodeBlock.of("(byte) ($L ? 1 : 0)", expression)
                : CodeBlock.of("$L", expression);
    }

    private static CodeBlock fromStored(FieldLayout f, CodeBlock read) {
        return f.elementType().getKind() == TypeKind.BOOLEAN
                ? CodeBlock.of("$L != 0", read)
                : read;
    }
}
