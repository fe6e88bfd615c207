package org.bpf4j.compiler.ir;

import java.util.List;
import java.util.Objects;

/**
 * A C-layout data type, used to describe map keys/values, global variables and struct locals in
 * BTF. Sizes and member offsets are bytes, already laid out by the front end.
 */
public sealed interface DataType permits DataType.Int, DataType.Struct, DataType.Array {

    /** Size in bytes. */
    int size();

    /** A C integer such as {@code __u32} ({@code name} is the BTF name, e.g. {@code "unsigned int"}). */
    record Int(String name, int size, boolean signed) implements DataType {
        public Int {
            Objects.requireNonNull(name, "name");
            if (size != 1 && size != 2 && size != 4 && size != 8) {
                throw new IllegalArgumentException("integer type " + name + " must be 1, 2, 4 or 8 bytes, not " + size);
            }
        }
    }

    /** A struct with members at explicit byte offsets. */
    record Struct(String name, int size, List<Member> members) implements DataType {
        public Struct {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
            for (Member m : members) {
                if (m.offset() < 0 || m.offset() + m.type().size() > size) {
                    throw new IllegalArgumentException("member " + name + "." + m.name() + " at offset " + m.offset()
                            + " (" + m.type().size() + " bytes) lies outside the struct's " + size + " bytes");
                }
            }
        }
    }

    record Member(String name, DataType type, int offset) {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** A fixed-length array. */
    record Array(DataType element, int length) implements DataType {
        public Array {
            Objects.requireNonNull(element, "element");
            if (length < 0) throw new IllegalArgumentException("array length " + length + " is negative");
        }

        @Override
        public int size() { return element.size() * length; }
    }

    DataType U8 = new Int("unsigned char", 1, false);
    DataType U16 = new Int("unsigned short", 2, false);
    DataType U32 = new Int("unsigned int", 4, false);
    DataType U64 = new Int("unsigned long long", 8, false);
    DataType S8 = new Int("signed char", 1, true);
    DataType S16 = new Int("short", 2, true);
    DataType S32 = new Int("int", 4, true);
    DataType S64 = new Int("long long", 8, true);
}
