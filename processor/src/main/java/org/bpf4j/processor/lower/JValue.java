package org.bpf4j.processor.lower;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.StructModel;

/** What a Java expression evaluates to while it is lowered. */
sealed interface JValue {

    /**
     * A primitive: an I32 register value for {@code boolean} (0/1), {@code byte}, {@code short}
     * (sign-extended), {@code char} (zero-extended) and {@code int}; I64 for {@code long}.
     */
    record Scalar(Value value, TypeKind kind) implements JValue {
        static Type irType(TypeKind kind) {
            return kind == TypeKind.LONG ? Type.I64 : Type.I32;
        }
    }

    /**
     * A {@code @BpfStruct} in memory: {@code offset} bytes past {@code pointer}. Packet headers
     * have {@code networkOrder}: multi-byte members are big-endian there.
     */
    record Struct(Value pointer, int offset, StructModel layout, boolean networkOrder) implements JValue {}

    /** A fixed-size array in memory (a local, or a member of a struct). */
    record Array(Value pointer, int offset, TypeMirror elementType, int elementSize, int length,
                 StructModel elementLayout, boolean networkOrder) implements JValue {
        int byteSize() {
            return elementSize * length;
        }
    }

    /**
     * A boxed map value ({@code Long v = counts.get(k)}): the map value pointer, null when absent;
     * unboxing loads {@code kind} through it.
     */
    record Boxed(Value pointer, TypeKind kind) implements JValue {}

    /** A {@code @BpfMap} field. */
    record Map(MapField map) implements JValue {}

    /** The program's context parameter. */
    record Context(Value pointer, TypeElement type) implements JValue {}

    /**
     * A context member that is a fixed array ({@code ctx.cb}, {@code ctx.userIp6}): the kernel
     * allows only constant offsets into the context, so its elements are addressed one by one.
     */
    record ContextArray(Context ctx, VariableElement field, CtxField slot, TypeKind elementKind) implements JValue {
        int length() {
            return slot.count();
        }
    }

    /**
     * A {@code @KernelStruct} {@code type} in kernel memory, reached from {@code pointer}, an I64
     * address of a {@code root} that the verifier tracks by BTF type ({@code btfTyped}: members
     * are loaded directly) or not (members are copied with {@code bpf_probe_read_kernel}), through
     * the {@code @Embedded} members {@code path} (none when {@code type} is the root itself). A
     * read through the path is one access relocated from the root, as C's {@code p->a.b.c}.
     */
    record Kernel(Value pointer, KernelStructs.Model root, List<KernelStructs.Member> path, KernelStructs.Model type,
                  boolean btfTyped) implements JValue {
        Kernel(Value pointer, KernelStructs.Model type, boolean btfTyped) {
            this(pointer, type, List.of(), type, btfTyped);
        }

        /** The access path from the root to member {@code m} of {@code type}. */
        List<KernelStructs.Member> pathTo(KernelStructs.Member m) {
            List<KernelStructs.Member> longer = new ArrayList<>(path);
            longer.add(m);
            return List.copyOf(longer);
        }

        /** The struct that embedded member {@code m} of this one holds, modelled as {@code inner}. */
        Kernel embedded(KernelStructs.Member m, KernelStructs.Model inner) {
            return new Kernel(pointer, root, pathTo(m), inner, btfTyped);
        }
    }

    /** A kernel {@code char[]} member ({@code task.comm}), which only helpers copy out. */
    record KernelChars(Kernel owner, KernelStructs.Member member) implements JValue {}

    /** The {@code null} literal, only compared with pointers. */
    record Null() implements JValue {}

    /** {@code T.class}, the type argument of {@code header(...)} and {@code record(...)}. */
    record ClassLiteral(TypeMirror type) implements JValue {}

    /** A string literal, only a helper's format argument. */
    record Text(String text) implements JValue {}
}
