package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.CodeBlock;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.lang.model.type.TypeKind;
import org.bpf4j.processor.model.GlobalField;

/**
 * Bodies of a global variable's getter and setter over the runtime's {@code GlobalData} of its
 * section, at the offset the processor laid the variable out at (a constant of the skeleton):
 * scalars through {@code getInt(OFFSET)}, {@code byte[]} as bytes, other arrays element by
 * element through the section buffer.
 */
final class GlobalAccess {
    /** The GlobalData accessor suffix per primitive (char travels as a short). */
    private static final Map<TypeKind, String> IN_DATA = Map.of(
            TypeKind.BOOLEAN, "Boolean",
            TypeKind.BYTE, "Byte",
            TypeKind.SHORT, "Short",
            TypeKind.CHAR, "Short",
            TypeKind.INT, "Int",
            TypeKind.LONG, "Long");

    /** The ByteBuffer accessor suffix per array element type. */
    private static final Map<TypeKind, String> IN_BUFFER = Map.of(
            TypeKind.BOOLEAN, "",
            TypeKind.SHORT, "Short",
            TypeKind.CHAR, "Char",
            TypeKind.INT, "Int",
            TypeKind.LONG, "Long");

    private GlobalAccess() {}

    /**
     * Statements returning the value of {@code g} read from the GlobalData expression
     * {@code data}, where {@code offset} names the constant holding its offset.
     */
    static CodeBlock getter(GlobalField g, String data, String offset) {
        if (!g.isArray()) {
            CodeBlock read = CodeBlock.of("$L.get$L($N)", data, IN_DATA.get(g.type()), offset);
            return CodeBlock.builder().addStatement(g.type() == TypeKind.CHAR
                    ? CodeBlock.of("return (char) $L", read) : CodeBlock.of("return $L", read)).build();
        }
        if (g.type() == TypeKind.BYTE) {
            return CodeBlock.builder()
                    .addStatement("return $L.getBytes($N, $L)", data, offset, g.arrayLength()).build();
        }
        String element = g.type().toString().toLowerCase();
        return CodeBlock.builder()
                .addStatement("$T buffer = $L.buffer()", ByteBuffer.class, data)
                .addStatement("$L[] value = new $L[$L]", element, element, g.arrayLength())
                .beginControlFlow("for (int i = 0; i < value.length; i++)")
                .addStatement(g.type() == TypeKind.BOOLEAN
                                ? "value[i] = buffer.get$L($L) != 0"
                                : "value[i] = buffer.get$L($L)",
                        IN_BUFFER.get(g.type()), element(g, offset))
                .endControlFlow()
                .addStatement("return value")
                .build();
    }

    /** Statements storing the parameter {@code value} into {@code g}. */
    static CodeBlock setter(GlobalField g, String data, String offset) {
        if (!g.isArray()) {
            return CodeBlock.builder().addStatement("$L.set$L($N, $L)", data, IN_DATA.get(g.type()),
                    offset, g.type() == TypeKind.CHAR ? "(short) value" : "value").build();
        }
        CodeBlock.Builder c = CodeBlock.builder()
                .addStatement("checkLength($S, value.length, $L)", g.name(), g.arrayLength());
        if (g.type() == TypeKind.BYTE) {
            return c.addStatement("$L.setBytes($N, value)", data, offset).build();
        }
        return c.addStatement("$T buffer = $L.buffer()", ByteBuffer.class, data)
                .beginControlFlow("for (int i = 0; i < value.length; i++)")
                .addStatement(g.type() == TypeKind.BOOLEAN
                                ? "buffer.put$L($L, (byte) (value[i] ? 1 : 0))"
                                : "buffer.put$L($L, value[i])",
                        IN_BUFFER.get(g.type()), element(g, offset))
                .endControlFlow()
                .build();
    }

    private static String element(GlobalField g, String offset) {
        return Offsets.element(offset, 0, "i", g.size() / g.arrayLength());
    }
}
