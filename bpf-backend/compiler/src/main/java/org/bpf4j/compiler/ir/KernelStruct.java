package org.bpf4j.compiler.ir;

import java.util.List;
import java.util.Objects;

/**
 * A kernel struct as a program declares it for CO-RE: its C name (a {@code ___flavor} suffix
 * allowed, which libbpf ignores when matching) and only the members the program reads, laid out
 * locally. The offsets here are placeholders: the loader relocates every access against the
 * kernel's own BTF, matching members by name.
 */
public record KernelStruct(String name, int size, List<Field> fields) {
    public KernelStruct {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
    }

    /** A member, at {@code offset} bytes in the local layout. */
    public record Field(String name, FieldType type, int offset) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** The C type of a member; libbpf checks only its kind against the kernel's member. */
    public sealed interface FieldType permits Scalar, Bits, Pointer, Embedded, Chars, Enum, CharPointer {
        int size();
    }

    /** An integer member of {@code size} bytes. */
    public record Scalar(int size, boolean signed) implements FieldType {}

    /**
     * A bitfield of {@code width} bits, alone at bit 0 of an integer storage unit of {@code size}
     * bytes in the local layout; the loader relocates the unit and the shifts to the kernel's.
     */
    public record Bits(int size, boolean signed, int width) implements FieldType {}

    /** A pointer to the kernel struct named {@code target} (declared in the module), or {@code void *} when null. */
    public record Pointer(String target) implements FieldType {
        @Override
        public int size() { return 8; }
    }

    /** The kernel struct named {@code target} (declared in the module) by value, {@code size} bytes locally. */
    public record Embedded(String target, int size) implements FieldType {}

    /**
     * A member of the kernel enum named {@code target} (declared in the module), read as a 4-byte
     * integer: libbpf matches an enum member only to an enum of the same name, never to an int.
     */
    public record Enum(String target) implements FieldType {
        @Override
        public int size() { return 4; }
    }

    /** A {@code char[length]} such as {@code comm}. */
    public record Chars(int length) implements FieldType {
        @Override
        public int size() { return length; }
    }

    /** A {@code char *}, a kernel string such as {@code linux_binprm.filename}: read with {@code bpf_probe_read_kernel_str}. */
    public record CharPointer() implements FieldType {
        @Override
        public int size() { return 8; }
    }

    /** The index of the member named {@code name}, as CO-RE access strings count members. */
    public int indexOf(String member) {
        for (int i = 0; i < fields.size(); i++) if (fields.get(i).name().equals(member)) return i;
        throw new IllegalArgumentException(name + " declares no member " + member);
    }
}
