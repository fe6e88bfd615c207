package org.bpf4j.processor.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.Scalars;
import org.bpf4j.processor.model.StructModel;

/** C types (for BTF) of the Java types that live in BPF memory. */
final class DataTypes {
    /** The C integer of each primitive: Java's integers are signed except {@code char}; {@code boolean} is a byte. */
    private static final Map<TypeKind, DataType> SCALARS = Map.of(
            TypeKind.BOOLEAN, DataType.U8,
            TypeKind.BYTE, DataType.S8,
            TypeKind.SHORT, DataType.S16,
            TypeKind.CHAR, DataType.U16,
            TypeKind.INT, DataType.S32,
            TypeKind.LONG, DataType.S64);

    private final ClassSymbols symbols;

    DataTypes(ClassSymbols symbols) {
        this.symbols = symbols;
    }

    static DataType scalar(TypeKind kind) {
        DataType t = SCALARS.get(kind);
        if (t == null) {
            throw new IllegalArgumentException(kind + " has no C type in BPF");
        }
        return t;
    }

    static DataType.Struct struct(StructModel layout) {
        List<DataType.Member> members = new ArrayList<>();
        for (FieldLayout f : layout.fields()) {
            DataType element = f.nested().<DataType>map(DataTypes::struct).orElseGet(() -> scalar(f.elementType().getKind()));
            members.add(new DataType.Member(f.name(), f.isArray() ? new DataType.Array(element, f.arrayLength()) : element, f.offset()));
        }
        return new DataType.Struct(layout.cName(), layout.size(), members);
    }

    /**
     * The C type of a map key or value of {@code bytes} bytes: a struct, a boxed primitive
     * (unsigned, as C maps declare them), or a byte array.
     */
    Optional<DataType> ofMapType(Optional<TypeMirror> type, int bytes) {
        if (bytes == 0) {
            return Optional.empty();
        }
        if (type.isEmpty()) {
            return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 ? Optional.of(unsigned(bytes)) : Optional.empty();
        }
        Optional<StructModel> layout = symbols.struct(type.get());
        if (layout.isPresent()) {
            return Optional.of(struct(layout.get()));
        }
        Optional<TypeKind> boxed = LangSymbols.asType(type.get()).flatMap(t -> Scalars.unbox(t.getQualifiedName().toString()));
        if (boxed.isPresent() && Scalars.size(boxed.get()).orElse(0) == bytes) {
            return Optional.of(unsigned(bytes));
        }
        return Optional.of(new DataType.Array(DataType.U8, bytes));
    }

    static DataType unsigned(int bytes) {
        switch (bytes) {
            case 1: return DataType.U8;
            case 2: return DataType.U16;
            case 4: return DataType.U32;
            default: return DataType.U64;
        }
    }
}
