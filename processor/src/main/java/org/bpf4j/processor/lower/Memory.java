package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.GlobalSection;
import org.bpf4j.processor.model.Scalars;

/**
 * Loads and stores of Java scalars in memory with Java's conversions: {@code byte} and
 * {@code short} sign-extend, {@code char} and {@code boolean} zero-extend, network-order members
 * are byte-swapped to host values, and the context is reached through CTX loads.
 */
final class Memory {
    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    Memory(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    static int sizeOf(TypeKind kind, Tree tree) {
        return Scalars.size(kind).orElseThrow(() -> Lowering.error(tree, "values of type " + kind.toString().toLowerCase()
                + " cannot live in BPF memory: use byte, short, char, int, long or boolean"));
    }

    /** Loads {@code kind} at {@code pointer + offset}; {@code zeroExtend} reads byte/short unsigned ({@code b & 0xFF}). */
    Scalar load(Value pointer, int offset, TypeKind kind, boolean networkOrder, boolean zeroExtend, Tree tree) {
        requireNonNull(pointer, tree);
        int size = sizeOf(kind, tree);
        requireWritten(pointer, offset, size, tree);
        Type type = Scalar.irType(kind);
        boolean swap = networkOrder && size > 1;
        boolean signed = !swap && !zeroExtend && (kind == TypeKind.BYTE || kind == TypeKind.SHORT);
        Value v = pointer.type() == Type.CTX
                ? builder.ctxLoad(type, pointer, offset, size)
                : builder.load(type, pointer, offset, size, signed);
        if (pointer.type() == Type.CTX && signed) {
            v = builder.sext(v, size, type);
        }
        if (swap) {
            v = builder.bswap(v, size);
            if (kind == TypeKind.SHORT && !zeroExtend) {
                v = builder.sext(v, 2, Type.I32);
            }
        }
        return new Scalar(v, zeroExtend && size < 4 ? TypeKind.INT : kind);
    }

    /** Stores {@code value} (already of {@code kind}) at {@code pointer + offset}. */
    void store(Value pointer, int offset, TypeKind kind, boolean networkOrder, Scalar value, Tree tree) {
        requireNonNull(pointer, tree);
        if (pointer.type() == Type.CTX) {
            throw Lowering.error(tree, "this record is the program's read-only context: the kernel rejects stores into it; "
                    + "copy the values you need into a local struct");
        }
        if (pointer.type() == Type.PACKET || pointer.type() == Type.PACKET_OR_NULL) {
            LangIntrinsics.requirePacketWrites(lowering.program().type(), tree);
        }
        readOnlyGlobal(pointer).ifPresent(g -> {
            throw Lowering.error(tree, "@BpfConfig global '" + g.name() + "' is read-only in BPF code (it is frozen at load); "
                    + "use a plain static field for state the program changes");
        });
        int size = sizeOf(kind, tree);
        Value v = value.value();
        if (networkOrder && size > 1) {
            v = builder.bswap(v, size);
        }
        builder.store(pointer, offset, size, v);
        flow.written(pointer, offset, size);
    }

    Scalar loadMember(JValue.Struct s, FieldLayout f, boolean zeroExtend, Tree tree) {
        return load(s.pointer(), s.offset() + f.offset(), f.elementType().getKind(), s.networkOrder(), zeroExtend, tree);
    }

    /** The {@code @BpfConfig} global {@code pointer} points into, if any: the kernel freezes it at load. */
    Optional<GlobalField> readOnlyGlobal(Value pointer) {
        Value p = pointer;
        while (p instanceof Instruction i && i.op() == Op.PTR_ADD) {
            p = i.operand(0);
        }
        if (p instanceof Instruction i && i.op() == Op.GLOBAL_ADDR) {
            return lowering.symbols().model().globals().stream()
                    .filter(g -> g.section() == GlobalSection.RODATA && g.name().equals(i.symbol())).findFirst();
        }
        return Optional.empty();
    }

    /**
     * Fails when the {@code size} bytes at {@code pointer + offset} are in a ring-buffer record and
     * some path reaching here has not written them since reserve(): the kernel does not zero a
     * record (the JVM does), so the read would see what an earlier record left there.
     */
    void requireWritten(Value pointer, int offset, int size, Tree tree) {
        if (!flow.isWritten(pointer, offset, size)) {
            throw Lowering.error(tree, "'" + tree + "' reads a ring-buffer record where, on some path from reserve() to "
                    + "here, these bytes have not been written: the kernel does not zero a reserved record (the JVM does), "
                    + "so the read would see what an earlier record left there; write them first on every path (an "
                    + "element written at a run-time index does not count: write the array with Arrays.fill or "
                    + "element by element at constant indices)");
        }
    }

    /** Fails with a clear message when {@code pointer} may still be null here. */
    void requireNonNull(Value pointer, Tree tree) {
        if (flow.isReleased(pointer)) {
            throw Lowering.error(tree, "'" + tree + "' was already submitted or discarded: the record belongs to the ring "
                    + "buffer now and the verifier rejects any further use; finish writing it before submit(...)");
        }
        if (flow.isStale(pointer)) {
            throw Lowering.error(tree, "'" + tree + "' points into the packet as it was before a call that may move it "
                    + "(a helper such as Bpf.l3CsumReplace, Bpf.skbStoreBytes or Bpf.xdpAdjustHead, or a BPF function "
                    + "calling one): the verifier forgets every packet pointer at that call; after it, read the header "
                    + "again into a new variable with ctx.header(...)");
        }
        if (flow.isNonNull(pointer)) {
            return;
        }
        String what;
        String why;
        switch (pointer.type()) {
            case PACKET_OR_NULL:
                what = "packet header";
                why = "header(...) returns null when the packet is too short";
                break;
            case MAP_VALUE_OR_NULL:
                what = "map value";
                why = "a map lookup returns null when the key is absent";
                break;
            default:
                what = "record";
                why = "reserve() returns null when the ring buffer is full";
                break;
        }
        throw Lowering.error(tree, "'" + tree + "' is a " + what + " that may be null here: " + why
                + ", and the verifier rejects any access before a null check; test it first, e.g. "
                + "if (x == null) return ...;");
    }
}
