package org.bpf4j.processor.model;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.type.TypeKind;

/** Sizes of the Java primitives BPF data can hold (no floating point: BPF has none). */
public final class Scalars {
    private static final Map<TypeKind, Integer> SIZES = Map.of(
            TypeKind.BOOLEAN, 1,
            TypeKind.BYTE, 1,
            TypeKind.SHORT, 2,
            TypeKind.CHAR, 2,
            TypeKind.INT, 4,
            TypeKind.LONG, 8);

    /** Boxed types usable as map keys and values (those {@code Codecs} has), to their primitive. */
    private static final Map<String, TypeKind> BOXES = Map.of(
            "java.lang.Byte", TypeKind.BYTE,
            "java.lang.Short", TypeKind.SHORT,
            "java.lang.Character", TypeKind.CHAR,
            "java.lang.Integer", TypeKind.INT,
            "java.lang.Long", TypeKind.LONG);

    private Scalars() {}

    /** Size in bytes of a primitive, empty for anything else (floating point included). */
    public static Optional<Integer> size(TypeKind kind) {
        return Optional.ofNullable(SIZES.get(kind));
    }

    /** The primitive a boxed type name stands for. */
    public static Optional<TypeKind> unbox(String qualifiedName) {
        return Optional.ofNullable(BOXES.get(qualifiedName));
    }
}
