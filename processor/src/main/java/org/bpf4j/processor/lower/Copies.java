package org.bpf4j.processor.lower;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.ConstantFolding;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.StructModel;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * Block moves: {@code System.arraycopy}, {@code Arrays.fill} and struct assignment
 * ({@code Structs.copy(to, from)}), compiled to the widest loads and stores (8, 4, 2, 1 bytes)
 * that the constant size and the known alignment of both ends allow (unrolled, or a loop for
 * long copies). Positions and lengths must be constants, so that every bound Java checks at run
 * time is checked here, at javac time.
 */
final class Copies {
    private static final String ARRAYCOPY = "java.lang.System.arraycopy";
    private static final String FILL = "java.util.Arrays.fill";
    private static final String STRUCT_COPY = "org.bpf4j.lang.Structs.copy";

    /**
     * Moves up to which a copy is unrolled (64 moves of 8 bytes cover the whole 512-byte stack);
     * beyond, a loop.
     */
    static final int UNROLL_LIMIT = 64;

    private final Lowering lowering;
    private final FunctionBuilder builder;
    private final ControlFlow flow;

    Copies(Lowering lowering) {
        this.lowering = lowering;
        this.builder = lowering.builder();
        this.flow = lowering.flow();
    }

    private static String key(ExecutableElement method) {
        return ((TypeElement) method.getEnclosingElement()).getQualifiedName() + "." + method.getSimpleName();
    }

    /** Whether {@code method} is a JDK block move BPF code can call: arraycopy, and fill of a primitive array. */
    static boolean isJdkCopy(ExecutableElement method) {
        String k = key(method);
        if (k.equals(ARRAYCOPY)) {
            return true;
        }
        return k.equals(FILL) && method.getModifiers().contains(Modifier.STATIC)
                && method.getParameters().get(0).asType() instanceof ArrayType a && a.getComponentType().getKind().isPrimitive();
    }

    /** Whether {@code method} is one of the block moves this class compiles. */
    static boolean handles(ExecutableElement method) {
        return isJdkCopy(method) || key(method).equals(STRUCT_COPY);
    }

    /** Compiles a call of a method {@link #handles} accepts (all three return nothing). */
    void lower(MethodInvocationTree call, ExecutableElement method) {
        switch (key(method)) {
            case ARRAYCOPY: arraycopy(call); break;
            case FILL: fill(call); break;
            default: structCopy(call); break;
        }
    }

    // ------------------------------------------------------------------ the three forms

    /** {@code System.arraycopy(src, srcPos, dest, destPos, length)}, arguments evaluated in Java's order. */
    private void arraycopy(MethodInvocationTree call) {
        List<? extends ExpressionTree> a = call.getArguments();
        JValue.Array src = array(a.get(0), "source");
        int srcPos = constant(a.get(1), "source position");
        JValue.Array dst = array(a.get(2), "destination");
        int dstPos = constant(a.get(3), "destination position");
        int length = constant(a.get(4), "length");
        TypeKind srcKind = src.elementType().getKind();
        TypeKind dstKind = dst.elementType().getKind();
        if (src.elementLayout() != null || dst.elementLayout() != null) {
            throw Lowering.error(call, "System.arraycopy of arrays of structs is not supported: in Java it copies references "
                    + "(afterwards both arrays share the same struct objects), which BPF memory cannot do; copy each element "
                    + "with Structs.copy(dest[i], src[i])");
        }
        if (srcKind != dstKind) {
            throw Lowering.error(call, "System.arraycopy from " + srcKind.toString().toLowerCase() + "[] to "
                    + dstKind.toString().toLowerCase() + "[]: Java would throw ArrayStoreException (the element types must "
                    + "be the same); copy element by element with a cast instead");
        }
        if (length < 0 || srcPos < 0 || dstPos < 0 || (long) srcPos + length > src.length()
                || (long) dstPos + length > dst.length()) {
            throw Lowering.error(call, "System.arraycopy(" + a.get(0) + ", " + srcPos + ", " + a.get(2) + ", " + dstPos + ", "
                    + length + ") is out of bounds for source length " + src.length() + " and destination length "
                    + dst.length() + " (Java would throw ArrayIndexOutOfBoundsException)");
        }
        int es = src.elementSize();
        Region from = region(src.pointer(), src.offset() + srcPos * es, naturalAlignment(src), a.get(0), false);
        Region to = region(dst.pointer(), dst.offset() + dstPos * es, naturalAlignment(dst), a.get(2), true);
        lowering.memory().requireWritten(from.pointer, from.offset, length * es, a.get(0));
        if (es > 1 && src.networkOrder() != dst.networkOrder()) {
            // one side keeps big-endian elements (a packet header): each element changes byte order on the way
            for (int i = 0; i < length; i++) {
                Scalar v = lowering.memory().load(from.pointer, from.offset + i * es, srcKind, src.networkOrder(), false, call);
                lowering.memory().store(to.pointer, to.offset + i * es, dstKind, dst.networkOrder(), v, call);
            }
            return;
        }
        move(to, from, length * es);
        flow.written(to.pointer, to.offset, length * es);
    }

    /** {@code Arrays.fill(a, v)} and {@code Arrays.fill(a, fromIndex, toIndex, v)}. */
    private void fill(MethodInvocationTree call) {
        List<? extends ExpressionTree> a = call.getArguments();
        JValue.Array array = array(a.get(0), "array");
        int from = 0;
        int to = array.length();
        if (a.size() == 4) {
            from = constant(a.get(1), "fromIndex");
            to = constant(a.get(2), "toIndex");
            if (from > to) {
                throw Lowering.error(call, "Arrays.fill from index " + from + " to " + to + ": fromIndex > toIndex (Java would "
                        + "throw IllegalArgumentException)");
            }
            if (from < 0 || to > array.length()) {
                throw Lowering.error(call, "Arrays.fill from index " + from + " to " + to + " is out of bounds for length "
                        + array.length() + " (Java would throw ArrayIndexOutOfBoundsException)");
            }
        }
        TypeKind kind = array.elementType().getKind();
        Scalar value = lowering.expressions().convert(lowering.expressions().scalar(a.get(a.size() - 1)), kind);
        int es = array.elementSize();
        Region target = region(array.pointer(), array.offset() + from * es, naturalAlignment(array), a.get(0), true);
        int size = (to - from) * es;
        boolean swap = array.networkOrder() && es > 1;
        Constant folded = ConstantFolding.valueOf(value.value());
        if (folded != null && swap) {
            folded = Constant.i64(Long.reverseBytes(folded.value()) >>> (64 - 8 * es));
        }
        Value element = swap && folded == null ? builder.bswap(value.value(), es) : value.value();
        Fill fill = new Fill(folded, element, es);
        List<int[]> moves = moves(target, target, 0, size);
        if (moves.size() > UNROLL_LIMIT) {
            int width = target.alignmentAt(0);
            int looped = size - size % width;
            Value v = fill.of(width);
            loop(looped, width, false, k -> builder.store(builder.ptrAdd(target.pointer, k), target.offset, width, v));
            moves = moves(target, target, looped, size);
        }
        for (int[] m : moves) {
            builder.store(target.pointer, target.offset + m[0], m[1], fill.of(m[1]));
        }
        flow.written(target.pointer, target.offset, size);
    }

    /** The value {@code Arrays.fill} stores, at each width: the element repeated, computed at most once at run time. */
    private final class Fill {
        private final Constant constant;
        private final Value element;
        private final int elementSize;
        private Value wide;

        Fill(Constant constant, Value element, int elementSize) {
            this.constant = constant;
            this.element = element;
            this.elementSize = elementSize;
        }

        Value of(int width) {
            if (constant != null) {
                long pattern = repeat(constant.value(), elementSize);
                return width == 8 ? Constant.i64(pattern) : Constant.i32((int) (pattern & ((1L << (8 * width)) - 1)));
            }
            if (width == elementSize) {
                return element;
            }
            if (wide == null) {
                // the element repeated over 8 bytes; narrower stores take its low bytes
                Value unsigned = elementSize == 8 ? element : builder.zext(element, elementSize, Type.I64);
                wide = elementSize == 8 ? unsigned : builder.mul(unsigned, Constant.i64(repeat(1, elementSize)));
            }
            return wide;
        }
    }

    /** {@code Structs.copy(to, from)}: C's {@code *to = *from}. */
    private void structCopy(MethodInvocationTree call) {
        List<? extends ExpressionTree> a = call.getArguments();
        JValue.Struct to = struct(a.get(0));
        JValue.Struct from = struct(a.get(1));
        if (!to.layout().element().equals(from.layout().element())) {
            throw Lowering.error(call, "Structs.copy from a " + from.layout().element().getSimpleName() + " into a "
                    + to.layout().element().getSimpleName() + ": both must be the same @BpfStruct class (on the JVM the copy "
                    + "throws IllegalArgumentException); copy the members you need one by one");
        }
        if (to.networkOrder() != from.networkOrder() && hasMultiByteMember(to.layout())) {
            throw Lowering.error(call, "Structs.copy between a network-order " + to.layout().element().getSimpleName()
                    + " and one embedded in a host-order struct: the same members have their bytes in opposite orders "
                    + "there, so a copy of the bytes would change their values; assign the members one by one");
        }
        Region target = region(to.pointer(), to.offset(), to.layout().alignment(), a.get(0), true);
        Region source = region(from.pointer(), from.offset(), from.layout().alignment(), a.get(1), false);
        lowering.memory().requireWritten(source.pointer, source.offset, to.layout().size(), a.get(1));
        move(target, source, to.layout().size());
        flow.written(target.pointer, target.offset, to.layout().size());
    }

    private static boolean hasMultiByteMember(StructModel layout) {
        for (FieldLayout f : layout.fields()) {
            if (f.nested().isPresent() ? hasMultiByteMember(f.nested().get()) : f.elementSize() > 1) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ moves

    /**
     * Bytes at {@code pointer + offset}. Where {@code pointer} is 8-byte aligned ({@code rooted})
     * the offset tells the alignment of each address; elsewhere only that {@code pointer + offset}
     * is a multiple of {@code natural}.
     */
    private record Region(Value pointer, int offset, int natural, boolean rooted) {
        /** The alignment (8 at most) of the address {@code k} bytes in. */
        int alignmentAt(int k) {
            int known = rooted ? offset + k : k;
            int low = known == 0 ? 8 : Math.min(8, Integer.lowestOneBit(known));
            return rooted ? low : Math.min(natural, low);
        }
    }

    /**
     * The region at {@code pointer + offset}. Stack slots, map values and ring-buffer records start
     * 8-byte aligned; elsewhere (packet data, a BPF function's parameter) only the C layout's
     * {@code natural} alignment of the value is known.
     */
    private Region region(Value pointer, int offset, int natural, Tree tree, boolean written) {
        lowering.memory().requireNonNull(pointer, tree);
        if (pointer.type() == Type.CTX) {
            throw Lowering.error(tree, "'" + tree + "' is in the program's context, which the kernel lets BPF code read only "
                    + "member by member at the offsets it defines: " + (written ? "it cannot be written; " : "")
                    + "copy its elements or members one by one");
        }
        return new Region(pointer, offset, Math.min(8, natural), startsAligned(pointer));
    }

    private static boolean startsAligned(Value pointer) {
        if (!(pointer instanceof Instruction i)) {
            return false;
        }
        return i.op() == Op.STACK_ALLOC || i.op() == Op.MAP_LOOKUP
                || i.op() == Op.HELPER_CALL && (i.type() == Type.MEM_OR_NULL || i.type() == Type.MEM);
    }

    private static int naturalAlignment(JValue.Array a) {
        return a.elementLayout() != null ? a.elementLayout().alignment() : a.elementSize();
    }

    /**
     * {@code size} bytes from {@code from} to {@code to}. Where both are the same memory and the
     * destination lies above the source, the moves run from the end, so that each reads its bytes
     * before an earlier move overwrites them (Java's arraycopy copies as if through a temporary).
     * Up to {@link #UNROLL_LIMIT} moves are unrolled; a longer copy is a loop of moves as wide as
     * both starts allow, then the rest unrolled.
     */
    private void move(Region to, Region from, int size) {
        boolean backward = to.pointer.equals(from.pointer) && to.offset > from.offset;
        List<int[]> moves = moves(to, from, 0, size);
        if (moves.size() <= UNROLL_LIMIT) {
            if (backward) {
                Collections.reverse(moves);
            }
            unrolled(to, from, moves);
            return;
        }
        int width = Math.min(to.alignmentAt(0), from.alignmentAt(0));
        int looped = size - size % width;
        List<int[]> rest = moves(to, from, looped, size);
        if (backward) {
            Collections.reverse(rest);
            unrolled(to, from, rest);
            loop(to, from, width, looped, true);
        } else {
            loop(to, from, width, looped, false);
            unrolled(to, from, rest);
        }
    }

    private void unrolled(Region to, Region from, List<int[]> moves) {
        for (int[] m : moves) {
            int width = m[1];
            Value v = builder.load(width == 8 ? Type.I64 : Type.I32, from.pointer, from.offset + m[0], width, false);
            builder.store(to.pointer, to.offset + m[0], width, v);
        }
    }

    private void loop(Region to, Region from, int width, int bytes, boolean backward) {
        loop(bytes, width, backward, k -> {
            Value v = builder.load(width == 8 ? Type.I64 : Type.I32, builder.ptrAdd(from.pointer, k), from.offset, width, false);
            builder.store(builder.ptrAdd(to.pointer, k), to.offset, width, v);
        });
    }

    /**
     * {@code step} at each offset {@code k} (an I64) of the first {@code bytes} bytes in steps of
     * {@code width}, from the end when {@code backward}. The counter starts at a constant and steps
     * by a constant, so the verifier knows every address exactly, iteration by iteration.
     */
    private void loop(int bytes, int width, boolean backward, Consumer<Value> step) {
        Object counter = new Object();
        flow.write(counter, Constant.i64(0));
        Block header = flow.newBlock("copy");
        Block body = flow.newBlock("copymove");
        Block exit = flow.newBlock("copied");
        flow.jump(header);
        flow.enter(header);
        Value done = flow.read(counter);
        flow.branch(Cmp.ULT, done, Constant.i64(bytes), body, exit);
        flow.enterSealed(body);
        step.accept(backward ? builder.sub(Constant.i64(bytes - width), done) : done);
        flow.write(counter, builder.add(done, Constant.i64(width)));
        flow.jump(header);
        flow.seal(header);
        flow.enterSealed(exit);
    }

    /** The moves {@code (offset, width)} that cover bytes {@code from..to}, each the widest both ends' alignment allows there. */
    private static List<int[]> moves(Region to, Region from, int start, int end) {
        List<int[]> moves = new ArrayList<>();
        for (int k = start; k < end; ) {
            int width = 8;
            while (width > end - k || width > to.alignmentAt(k) || width > from.alignmentAt(k)) {
                width >>= 1;
            }
            moves.add(new int[] {k, width});
            k += width;
        }
        return moves;
    }

    /** {@code element}'s low {@code size} bytes repeated over 8 bytes. */
    private static long repeat(long element, int size) {
        if (size == 8) {
            return element;
        }
        long mask = (1L << (8 * size)) - 1;
        long pattern = 0;
        for (int i = 0; i < 8; i += size) {
            pattern |= (element & mask) << (8 * i);
        }
        return pattern;
    }

    // ------------------------------------------------------------------ operands

    private JValue.Array array(ExpressionTree tree, String what) {
        JValue v = lowering.expressions().lower(tree);
        if (v instanceof JValue.Array a) {
            return a;
        }
        if (v instanceof JValue.ContextArray) {
            throw Lowering.error(tree, "'" + tree + "' is an array in the program's context, which the kernel lets BPF code "
                    + "read only at the constant offsets of its elements: copy its elements one by one");
        }
        throw Lowering.error(tree, "the " + what + " '" + tree + "' is not an array BPF code can copy: use a local array "
                + "(new T[N]) or an array member of a @BpfStruct");
    }

    private JValue.Struct struct(ExpressionTree tree) {
        JValue v = lowering.expressions().lower(tree);
        if (v instanceof JValue.Struct s) {
            return s;
        }
        throw Lowering.error(tree, "'" + tree + "' is not a @BpfStruct value: Structs.copy copies one @BpfStruct into "
                + "another of the same class");
    }

    /** A position or length: a constant after folding (unrolled loop counters included), so that its bounds are checked now. */
    private int constant(ExpressionTree tree, String what) {
        Scalar s = lowering.expressions().scalar(tree);
        Constant c = ConstantFolding.valueOf(s.value());
        if (c == null) {
            throw Lowering.error(tree, "the " + what + " '" + tree + "' is not a constant: BPF copies are unrolled into loads "
                    + "and stores at offsets the compiler checks against both arrays' lengths, as Java would at run time; "
                    + "use a compile-time constant");
        }
        return (int) c.value();
    }
}
