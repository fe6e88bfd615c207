package org.bpf4j.processor.lower;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.ConstantFolding;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.FieldLayout;

/**
 * {@code org.bpf4j.lang.Atomics}: one {@code BPF_ATOMIC} instruction on an {@code int} (32-bit)
 * or {@code long} (64-bit) struct member named by a constant, or on an array element. The
 * checks are the verifier's, made at javac time: atomics may write map values (global arrays
 * included, but not {@code @BpfConfig} ones, which are frozen), ring-buffer records and the
 * stack, never the context or a packet (the verifier's
 * "BPF_ATOMIC stores into R%d ctx/pkt is not allowed"), and on the stack only at constant
 * offsets; and every form but the plain add needs ISA v3. The verifier's strict alignment for
 * atomics holds by construction: struct members and array elements are naturally aligned
 * ({@code CLayout}) in memory that is 8-aligned.
 */
final class AtomicAccess {
    static final Set<IntrinsicOp> OPERATIONS = EnumSet.of(IntrinsicOp.ATOMIC_ADD, IntrinsicOp.ATOMIC_AND, IntrinsicOp.ATOMIC_OR,
            IntrinsicOp.ATOMIC_XOR, IntrinsicOp.ATOMIC_FETCH_ADD, IntrinsicOp.ATOMIC_FETCH_AND, IntrinsicOp.ATOMIC_FETCH_OR,
            IntrinsicOp.ATOMIC_FETCH_XOR, IntrinsicOp.ATOMIC_XCHG, IntrinsicOp.ATOMIC_CMPXCHG);

    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    AtomicAccess(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    /** The memory an atomic acts on: {@code index} is null at a fixed offset, else a run-time element index checked against {@code length}. */
    private record Target(Value pointer, int offset, TypeKind kind, Value index, int elementSize, int length) {}

    JValue invoke(IntrinsicOp op, MethodInvocationTree call, ExecutableElement method) {
        String name = method.getSimpleName().toString();
        if (op != IntrinsicOp.ATOMIC_ADD && !lowering.level().includes(IsaLevel.V3)) {
            throw Lowering.error(call, "Atomics." + name + " compiles to BPF_ATOMIC " + instruction(op) + ", which needs ISA v3 "
                    + "(kernel 5.12+), but this build targets " + lowering.level().cpuName() + " (-Abpf4j.cpu="
                    + lowering.level().cpuName() + "); compile with -Abpf4j.cpu=v3, or use Atomics.add, the one atomic every "
                    + "level has");
        }
        List<? extends ExpressionTree> args = call.getArguments();
        Target target = target(lowering.expressions().lower(args.get(0)), args.get(0), args.get(1), method, name);
        // every atomic reads its operand: in a reserved record it must be written first (a run-time index: the whole array)
        lowering.memory().requireWritten(target.pointer(), target.offset(), target.index() == null
                ? (target.kind() == TypeKind.LONG ? 8 : 4) : target.elementSize() * target.length(), args.get(0));
        List<Scalar> values = new ArrayList<>();
        for (ExpressionTree v : args.subList(2, args.size())) {
            values.add(lowering.expressions().convert(lowering.expressions().scalar(v), target.kind()));
        }
        lowering.at(call);
        if (target.index() == null) {
            return emit(op, target.pointer(), target.offset(), target.kind(), values);
        }
        // a run-time index: in bounds the atomic, beyond them nothing (a fetch yields 0), as for other array accesses
        Block in = flow.newBlock("atomic");
        Block out = flow.newBlock("outofbounds");
        Block join = flow.newBlock("atomicdone");
        flow.branch(Cmp.ULT, target.index(), Constant.i32(target.length()), in, out);
        flow.enterSealed(in);
        Value scaled = builder.mul(builder.zext(target.index(), 4, Type.I64), Constant.i64(target.elementSize()));
        JValue result = emit(op, builder.ptrAdd(target.pointer(), scaled), target.offset(), target.kind(), values);
        List<Block> from = new ArrayList<>(List.of(builder.currentBlock()));
        flow.jump(join);
        flow.enterSealed(out);
        from.add(out);
        flow.jump(join);
        flow.enterSealed(join);
        return result == null ? null : lowering.conditions().merge(from, List.of(result, Expressions.constant(0, target.kind())), call);
    }

    private JValue emit(IntrinsicOp op, Value pointer, int offset, TypeKind kind, List<Scalar> values) {
        int size = kind == TypeKind.LONG ? 8 : 4;
        Value v = values.get(0).value();
        switch (op) {
            case ATOMIC_ADD: builder.atomic(AtomicKind.ADD, pointer, offset, size, v, false); return null;
            case ATOMIC_AND: builder.atomic(AtomicKind.AND, pointer, offset, size, v, false); return null;
            case ATOMIC_OR: builder.atomic(AtomicKind.OR, pointer, offset, size, v, false); return null;
            case ATOMIC_XOR: builder.atomic(AtomicKind.XOR, pointer, offset, size, v, false); return null;
            case ATOMIC_FETCH_ADD: return new Scalar(builder.atomic(AtomicKind.ADD, pointer, offset, size, v, true), kind);
            case ATOMIC_FETCH_AND: return new Scalar(builder.atomic(AtomicKind.AND, pointer, offset, size, v, true), kind);
            case ATOMIC_FETCH_OR: return new Scalar(builder.atomic(AtomicKind.OR, pointer, offset, size, v, true), kind);
            case ATOMIC_FETCH_XOR: return new Scalar(builder.atomic(AtomicKind.XOR, pointer, offset, size, v, true), kind);
            case ATOMIC_XCHG: return new Scalar(builder.atomic(AtomicKind.XCHG, pointer, offset, size, v, true), kind);
            case ATOMIC_CMPXCHG: return new Scalar(builder.cmpxchg(pointer, offset, size, v, values.get(1).value()), kind);
            default: throw new IllegalStateException(op + " is not an atomic");
        }
    }

    private Target target(JValue target, ExpressionTree targetTree, ExpressionTree selector, ExecutableElement method, String name) {
        if (target instanceof JValue.Struct s) {
            FieldLayout f = member(s, lowering.expressions().lower(selector), selector);
            TypeKind valueKind = method.getParameters().get(2).asType().getKind();
            TypeKind kind = f.elementType().getKind();
            if (method.getReturnType().getKind() != TypeKind.VOID && valueKind != kind) {
                throw Lowering.error(selector, "member '" + f.name() + "' is " + article(kind) + " but this call is the "
                        + valueKind.toString().toLowerCase() + " overload of Atomics." + name + " (it returns the old value as "
                        + article(valueKind) + "): pass " + (kind == TypeKind.LONG ? "long values, e.g. 1L or (long) x"
                        : "int values, e.g. (int) x"));
            }
            memory(s.pointer(), s.networkOrder(), targetTree);
            return new Target(s.pointer(), s.offset() + f.offset(), kind, null, 0, 0);
        }
        if (target instanceof JValue.Array a) {
            memory(a.pointer(), a.networkOrder(), targetTree);
            TypeKind kind = a.elementType().getKind();
            Scalar index = lowering.expressions().convert(lowering.expressions().promote(lowering.expressions().scalar(selector)),
                    TypeKind.INT);
            Constant folded = ConstantFolding.valueOf(index.value());
            if (folded == null) {
                if (a.pointer().type() == Type.STACK) {
                    throw Lowering.error(selector, "array index '" + selector + "' is not a constant: this array is on the stack, "
                            + "where the verifier refuses atomics at a variable offset; use a constant index, or keep the array "
                            + "in a map value");
                }
                return new Target(a.pointer(), a.offset(), kind, index.value(), a.elementSize(), a.length());
            }
            if (folded.value() < 0 || folded.value() >= a.length()) {
                throw Lowering.error(selector, "array index " + folded.value() + " is out of bounds for length " + a.length()
                        + " (Java would throw ArrayIndexOutOfBoundsException)");
            }
            return new Target(a.pointer(), a.offset() + (int) folded.value() * a.elementSize(), kind, null, 0, 0);
        }
        if (target instanceof JValue.ContextArray) {
            throw Lowering.error(targetTree, contextRefused(targetTree));
        }
        if (target instanceof JValue.Boxed) {
            throw Lowering.error(targetTree, "'" + targetTree + "' is a boxed map value, which BPF code reads as a copy: add to "
                    + "it with the map's addIfPresent/add (an atomic add), or give the map a @BpfStruct value and name its member");
        }
        throw Lowering.error(targetTree, "'" + targetTree + "' is not memory an atomic can act on: pass a @BpfStruct (a map value, "
                + "a ring-buffer record or a local) with a member name, or an int[] or long[] member of one with an index");
    }

    /** The member {@code selector} names: an int or long scalar of the struct. */
    private FieldLayout member(JValue.Struct s, JValue selector, ExpressionTree tree) {
        if (!(selector instanceof JValue.Text text)) {
            throw Lowering.error(tree, "the member name must be a compile-time constant string (a literal or a static final "
                    + "String): the compiler turns it into an offset at javac time");
        }
        String wanted = text.text();
        List<FieldLayout> candidates = s.layout().fields().stream()
                .filter(f -> !f.isArray() && f.nested().isEmpty() && isAtomicKind(f.elementType().getKind()))
                .collect(Collectors.toList());
        for (FieldLayout f : s.layout().fields()) {
            if (!f.name().equals(wanted)) {
                continue;
            }
            if (f.isArray()) {
                throw Lowering.error(tree, "member '" + wanted + "' is an array: name an element instead, e.g. Atomics.add(x."
                        + wanted + ", index, value)");
            }
            if (f.nested().isPresent() || !isAtomicKind(f.elementType().getKind())) {
                throw Lowering.error(tree, "member '" + wanted + "' is " + f.elementType() + ": BPF atomics act on 4- and 8-byte "
                        + "integers only, so its type must be int or long" + members(candidates));
            }
            return f;
        }
        throw Lowering.error(tree, "@BpfStruct " + s.layout().cName() + " has no member '" + wanted + "'" + members(candidates));
    }

    private static String members(List<FieldLayout> candidates) {
        return candidates.isEmpty() ? "" : " (its int and long members: "
                + candidates.stream().map(FieldLayout::name).collect(Collectors.joining(", ")) + ")";
    }

    private static boolean isAtomicKind(TypeKind kind) {
        return kind == TypeKind.INT || kind == TypeKind.LONG;
    }

    /** The verifier's rule for the memory: no atomics on the context or on packets; and the byte order must be the CPU's. */
    private void memory(Value pointer, boolean networkOrder, ExpressionTree tree) {
        Type type = pointer.type().nonNull();
        if (type == Type.CTX) {
            throw Lowering.error(tree, contextRefused(tree));
        }
        if (type == Type.PACKET) {
            throw Lowering.error(tree, "'" + tree + "' is packet data: the verifier refuses atomics on packets (\"BPF_ATOMIC stores "
                    + "into R? pkt is not allowed\"); read the field, then update a map value or a global");
        }
        if (networkOrder) {
            throw Lowering.error(tree, "'" + tree + "' is a network-order struct: its members are big-endian in memory and an "
                    + "atomic adds in the CPU's byte order; keep counters in a struct without networkOrder");
        }
        lowering.memory().readOnlyGlobal(pointer).ifPresent(g -> {
            throw Lowering.error(tree, "@BpfConfig global '" + g.name() + "' is read-only in BPF code (it is frozen at load) "
                    + "and the verifier refuses atomics on it; use a plain static array for state the program changes");
        });
        lowering.memory().requireNonNull(pointer, tree);
    }

    private static String contextRefused(Tree tree) {
        return "'" + tree + "' is the program's context: the verifier refuses atomics on it (\"BPF_ATOMIC stores into R? ctx is "
                + "not allowed\"); update a map value or a global instead";
    }

    private static String article(TypeKind kind) {
        return kind == TypeKind.INT ? "an int" : "a " + kind.toString().toLowerCase();
    }

    private static String instruction(IntrinsicOp op) {
        switch (op) {
            case ATOMIC_AND: return "and";
            case ATOMIC_OR: return "or";
            case ATOMIC_XOR: return "xor";
            case ATOMIC_FETCH_ADD: return "fetch add";
            case ATOMIC_FETCH_AND: return "fetch and";
            case ATOMIC_FETCH_OR: return "fetch or";
            case ATOMIC_FETCH_XOR: return "fetch xor";
            case ATOMIC_XCHG: return "xchg";
            default: return "cmpxchg";
        }
    }
}
