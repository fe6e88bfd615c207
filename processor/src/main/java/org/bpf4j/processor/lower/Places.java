package org.bpf4j.processor.lower;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.opt.ConstantFolding;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.check.LoopBounds;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.GlobalSection;

/**
 * What assignments target and arrays hold: locals, globals, struct and context members and
 * array elements (constant indexes at fixed offsets; run-time indexes bounds-checked, or compared
 * with each index in turn where the kernel allows constant offsets only).
 */
final class Places {
    /** Arrays in the context longer than this cannot take a run-time index: the compare chain would be too long. */
    static final int CHAIN_LIMIT = 64;

    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    Places(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    Place globalPlace(GlobalField g, Tree tree) {
        TypeKind kind = g.type();
        return Place.of(kind,
                () -> lowering.memory().load(builder.globalAddr(g.name(), 0), 0, kind, false, false, tree),
                value -> {
                    if (g.section() == GlobalSection.RODATA) {
                        throw Lowering.error(tree, "@BpfConfig global '" + g.name() + "' is read-only in BPF code (it is frozen at load); "
                                + "use a plain static field for state the program changes");
                    }
                    lowering.memory().store(builder.globalAddr(g.name(), 0), 0, kind, false, value, tree);
                });
    }


    /** A global array ({@code @Size(n) static long[] g}): its elements are in the global's section. */
    JValue.Array globalArray(GlobalField g) {
        javax.lang.model.type.TypeMirror element = ((ArrayType) g.field().asType()).getComponentType();
        return new JValue.Array(builder.globalAddr(g.name(), 0), 0, element, g.size() / g.arrayLength(), g.arrayLength(), null, false);
    }

    private Place memberPlace(JValue.Struct s, VariableElement field, Tree tree) {
        FieldLayout f = lowering.expressions().fieldOf(s, field, tree);
        if (f.isArray() || f.nested().isPresent()) {
            throw Lowering.error(tree, "cannot assign the embedded " + (f.isArray() ? "array" : "struct") + " '" + f.name()
                    + "' as a whole: in Java that would make it refer to another object, but it is memory inside its struct; "
                    + "copy the contents instead, with " + (f.isArray() ? "System.arraycopy(from, 0, " + tree + ", 0, "
                    + f.arrayLength() + ")" : "Structs.copy(" + tree + ", from)"));
        }
        TypeKind kind = f.elementType().getKind();
        Tree receiver = Expressions.receiverOf(tree);
        return Place.of(kind,
                () -> lowering.memory().loadMember(s, f, false, tree),
                value -> {
                    lowering.memory().requireNonNull(s.pointer(), receiver);
                    lowering.memory().store(s.pointer(), s.offset() + f.offset(), kind, s.networkOrder(), value, tree);
                });
    }


    Place contextPlace(JValue.Context ctx, VariableElement field, Tree tree) {
        CtxField cf = ctxField(ctx, field, tree);
        TypeKind kind = field.asType().getKind();
        if (!kind.isPrimitive() || cf.count() > 1) {
            throw Lowering.error(tree, "context member '" + field.getSimpleName() + "' is an array and cannot be assigned as a "
                    + "whole: assign its elements, e.g. " + field.getSimpleName() + "[0] = ...");
        }
        return contextScalar(ctx, field, cf, cf.offset(), kind, tree);
    }

    /** The value of {@code ctx.field}: a scalar, or the array member itself. */
    JValue contextValue(JValue.Context ctx, VariableElement field, Tree tree) {
        CtxField cf = ctxField(ctx, field, tree);
        if (field.asType() instanceof ArrayType at && cf.count() > 1) {
            return new JValue.ContextArray(ctx, field, cf, at.getComponentType().getKind());
        }
        return contextPlace(ctx, field, tree).read();
    }

    private static CtxField ctxField(JValue.Context ctx, VariableElement field, Tree tree) {
        return LangSymbols.ctxField(field).orElseThrow(() -> Lowering.error(tree, "'" + field.getSimpleName() + "' of "
                + ctx.type().getSimpleName() + " is not a context member (@CtxField) the kernel exposes"));
    }


    private Place contextScalar(JValue.Context ctx, VariableElement field, CtxField cf, int offset, TypeKind kind, Tree tree) {
        Type type = Scalar.irType(kind);
        return new Place() {
            @Override
            public TypeKind kind() {
                return kind;
            }

            @Override
            public Scalar read() {
                // A NET16 slot's value is its first two bytes: read just those (the kernel allows narrow
                // context reads), so that the byte swap can fold into comparisons with constants.
                int size = cf.order() == CtxField.Order.NET16 ? 2 : cf.size();
                Value v = builder.ctxLoad(type, ctx.pointer(), offset, size);
                switch (cf.order()) {
                    case NET16: v = builder.bswap(v, 2); break;
                    case NET32: v = builder.bswap(v, 4); break;
                    default: break;
                }
                Scalar s = new Scalar(v, kind);
                return kind == TypeKind.BYTE || kind == TypeKind.SHORT ? lowering.expressions().convert(new Scalar(v, TypeKind.INT), kind) : s;
            }

            @Override
            public void write(Scalar value) {
                if (!cf.writable()) {
                    throw Lowering.error(tree, "context member '" + field.getSimpleName() + "' is read-only for this program type: "
                            + "the kernel rejects stores to it");
                }
                Value v = value.value();
                switch (cf.order()) {
                    case NET16: v = builder.bswap(v, 2); break;
                    case NET32: v = builder.bswap(v, 4); break;
                    default: break;
                }
                if (v.type() == Type.I32 && cf.size() == 8) {
                    v = builder.zext(v, 4, Type.I64);
                }
                builder.ctxStore(ctx.pointer(), offset, cf.size(), v);
            }
        };
    }


    private Place arrayElement(ArrayAccessTree a) {
        return elementPlace(lowering.expressions().lower(a.getExpression()), lowering.expressions().scalar(a.getIndex()), a);
    }


    /** The value of {@code arr[i]}: a scalar, or the struct itself for arrays of structs. */
    JValue elementValue(ArrayAccessTree a) {
        JValue target = lowering.expressions().lower(a.getExpression());
        Scalar index = lowering.expressions().scalar(a.getIndex());
        if (target instanceof JValue.Array array && array.elementLayout() != null) {
            if (!(index.value() instanceof Constant)) {
                throw Lowering.error(a.getIndex(), "array index '" + a.getIndex() + "' is not a constant: an element of an "
                        + "array of structs is a struct at an offset the compiler must know, and an index out of bounds would "
                        + "leave no struct to use; use a constant, or a loop of at most " + LoopBounds.UNROLL_LIMIT
                        + " iterations over the array (it is unrolled)");
            }
            return structElement(array, constantIndex(index, array.length(), a));
        }
        return elementPlace(target, index, a).read();
    }


    /**
     * Element {@code i} of the array a for-each iterates, {@code i} known to be in bounds: a
     * scalar, or the struct itself for arrays of structs.
     */
    JValue element(JValue target, int i, Tree tree) {
        if (target instanceof JValue.ContextArray c) {
            return contextElement(c, i, tree).read();
        }
        JValue.Array array = (JValue.Array) target;
        return array.elementLayout() != null ? structElement(array, i) : fixedElement(array, i, tree).read();
    }


    /**
     * Element {@code index} (an int) of a primitive array in memory, where a branch has just
     * proved {@code index} unsigned-less than the length (a for-each's counter): that branch
     * bounds it for the verifier too, so no second check.
     */
    Scalar inBoundsElement(JValue.Array array, Value index, Tree tree) {
        lowering.memory().requireNonNull(array.pointer(), tree);
        lowering.memory().requireWritten(array.pointer(), array.offset(), array.byteSize(), tree);
        return lowering.memory().load(elementAddress(array, index), array.offset(), array.elementType().getKind(), array.networkOrder(),
                false, tree);
    }

    /** The address of element {@code index} (an int) less the array's offset. */
    private Value elementAddress(JValue.Array array, Value index) {
        Value scaled = builder.zext(index, 4, Type.I64);
        if (array.elementSize() > 1) {
            scaled = builder.mul(scaled, Constant.i64(array.elementSize()));
        }
        return builder.ptrAdd(array.pointer(), scaled);
    }


    private static JValue.Struct structElement(JValue.Array array, int i) {
        return new JValue.Struct(array.pointer(), array.offset() + i * array.elementSize(), array.elementLayout(),
                array.networkOrder());
    }


    private Place elementPlace(JValue target, Scalar index, ArrayAccessTree a) {
        // arithmetic over constants (8 + i in an unrolled loop) is a constant offset when in bounds;
        // out of bounds it stays a run-time index (reads 0, writes nothing), as it was in Java terms
        Constant folded = ConstantFolding.valueOf(index.value());
        int length = target instanceof JValue.ContextArray c ? c.length() : target instanceof JValue.Array arr ? arr.length() : -1;
        if (folded != null && folded.value() >= 0 && folded.value() < length) {
            index = new Scalar(folded, index.kind());
        }
        Value variable = index.value() instanceof Constant ? null
                : lowering.expressions().convert(lowering.expressions().promote(index), TypeKind.INT).value();
        if (target instanceof JValue.ContextArray c) {
            return variable == null ? contextElement(c, constantIndex(index, c.length(), a), a)
                    : compareChain(c.length(), c.elementKind(), i -> contextElement(c, i, a), variable, a);
        }
        if (!(target instanceof JValue.Array array)) {
            throw Lowering.error(a.getExpression(), "'" + a.getExpression() + "' is not an array BPF code can index");
        }
        if (array.elementLayout() != null) {
            throw Lowering.error(a, "cannot assign a struct element as a whole: assign its members");
        }
        if (variable == null) {
            return fixedElement(array, constantIndex(index, array.length(), a), a);
        }
        if (array.pointer().type() == Type.PACKET || array.pointer().type() == Type.PACKET_OR_NULL) {
            throw Lowering.error(a.getIndex(), "array index '" + a.getIndex() + "' is not a constant: packet bytes are read at "
                    + "offsets the verifier has checked against the packet's end, which a run-time index defeats; use a "
                    + "constant, or a loop of at most " + LoopBounds.UNROLL_LIMIT + " iterations (it is unrolled), or copy "
                    + "the array into a local array first");
        }
        if (array.pointer().type() == Type.CTX) {
            if (array.length() > CHAIN_LIMIT) {
                throw Lowering.error(a.getIndex(), "array index '" + a.getIndex() + "' is not a constant: this array is in the "
                        + "context, which the kernel reads at constant offsets only, and a run-time index is compared with "
                        + "each index in turn for arrays of at most " + CHAIN_LIMIT + " elements, not " + array.length()
                        + "; use a constant or copy the part you need into a local array");
            }
            return compareChain(array.length(), array.elementType().getKind(), i -> fixedElement(array, i, a), variable, a);
        }
        return variableElement(array, variable, a.getExpression(), a);
    }

    /**
     * Whether {@code v} is an array that BPF code can address at constant offsets only: one in the
     * context, or in a packet (whose accesses the verifier checks against the packet's end).
     */
    static boolean constantOffsetsOnly(JValue v) {
        if (v instanceof JValue.ContextArray) {
            return true;
        }
        Type t = ((JValue.Array) v).pointer().type();
        return t == Type.CTX || t == Type.PACKET || t == Type.PACKET_OR_NULL;
    }


    private Place fixedElement(JValue.Array array, int i, Tree tree) {
        int offset = array.offset() + i * array.elementSize();
        TypeKind kind = array.elementType().getKind();
        return Place.of(kind,
                () -> lowering.memory().load(array.pointer(), offset, kind, array.networkOrder(), false, tree),
                value -> lowering.memory().store(array.pointer(), offset, kind, array.networkOrder(), value, tree));
    }


    /**
     * {@code arr[i]} with a run-time index: a bounds check, which also gives the verifier its
     * bound. Java would throw on an index out of bounds; BPF cannot, so such a read yields 0 and
     * such a write does nothing (a documented deviation, like division by zero). The same holds
     * for arrays on the stack and for array members of structs in map values and ring-buffer records.
     */
    private Place variableElement(JValue.Array array, Value index, Tree arrayTree, Tree tree) {
        TypeKind kind = array.elementType().getKind();
        return new Place() {
            @Override
            public TypeKind kind() {
                return kind;
            }

            @Override
            public Scalar read() {
                lowering.memory().requireNonNull(array.pointer(), arrayTree);
                lowering.memory().requireWritten(array.pointer(), array.offset(), array.byteSize(), tree);
                Block in = flow.newBlock("inbounds");
                Block out = flow.newBlock("outofbounds");
                Block join = flow.newBlock("element");
                Value p = elementPointer(in, out);
                Scalar v = lowering.memory().load(p, array.offset(), kind, array.networkOrder(), false, tree);
                List<Block> from = new ArrayList<>(List.of(builder.currentBlock()));
                List<JValue> values = new ArrayList<>(List.of(v));
                flow.jump(join);
                flow.enterSealed(out);
                from.add(out);
                values.add(Expressions.constant(0, kind));
                flow.jump(join);
                flow.enterSealed(join);
                return (Scalar) lowering.conditions().merge(from, values, tree);
            }

            @Override
            public void write(Scalar value) {
                boolean atCounter = flow.isCounterWrite(index);
                Block in = flow.newBlock("inbounds");
                Block join = flow.newBlock("stored");
                Value p = elementPointer(in, join);
                lowering.memory().store(p, array.offset(), kind, array.networkOrder(), value, tree);
                flow.jump(join);
                flow.enterSealed(join);
                if (atCounter) {
                    flow.counterWritten(array.pointer(), array.offset(), array.elementSize(), array.length());
                }
            }

            /** Branches to {@code out} unless {@code index} is in bounds; continues in {@code in} with the element's address. */
            private Value elementPointer(Block in, Block out) {
                lowering.memory().requireNonNull(array.pointer(), arrayTree);
                flow.branch(Cmp.ULT, index, Constant.i32(array.length()), in, out);
                flow.enterSealed(in);
                return elementAddress(array, index);
            }
        };
    }


    private Place contextElement(JValue.ContextArray c, int i, Tree tree) {
        return contextScalar(c.ctx(), c.field(), c.slot(), c.slot().offset() + i * c.slot().size(), c.elementKind(), tree);
    }


    /**
     * An element of an array in the context ({@code ctx.cb}, a tracepoint record's array) at a
     * run-time index: the kernel accepts only constant offsets into the context, so this compares
     * the index with each index in turn. As for other arrays, an index out of bounds reads 0 and
     * writes nothing.
     */
    private Place compareChain(int length, TypeKind kind, IntFunction<Place> element, Value index, Tree tree) {
        return Place.of(kind, () -> {
            Block join = flow.newBlock("ctxelement");
            List<Block> from = new ArrayList<>();
            List<JValue> values = new ArrayList<>();
            eachIndex(length, index, join, i -> {
                values.add(element.apply(i).read());
                from.add(builder.currentBlock());
            });
            values.add(Expressions.constant(0, kind));
            from.add(builder.currentBlock());
            flow.jump(join);
            flow.enterSealed(join);
            return (Scalar) lowering.conditions().merge(from, values, tree);
        }, value -> {
            Block join = flow.newBlock("ctxstored");
            eachIndex(length, index, join, i -> element.apply(i).write(value));
            flow.jump(join);
            flow.enterSealed(join);
        });
    }


    /** For each index {@code i < length}: where {@code index == i}, runs {@code action} and jumps to {@code join}; continues where none matched. */
    private void eachIndex(int length, Value index, Block join, IntConsumer action) {
        for (int i = 0; i < length; i++) {
            Block hit = flow.newBlock("ctxindex");
            Block next = flow.newBlock("ctxnext");
            flow.branch(Cmp.EQ, index, Constant.i32(i), hit, next);
            flow.enterSealed(hit);
            action.accept(i);
            flow.jump(join);
            flow.enterSealed(next);
        }
    }


    private static int constantIndex(Scalar index, int length, ArrayAccessTree a) {
        long i = ((Constant) index.value()).value();
        if (i < 0 || i >= length) {
            throw Lowering.error(a.getIndex(), "array index " + i + " is out of bounds for length " + length
                    + " (Java would throw ArrayIndexOutOfBoundsException)");
        }
        return (int) i;
    }


    /** The place an assignment or increment targets. */
    Place place(ExpressionTree target) {
        switch (target.getKind()) {
            case PARENTHESIZED:
                return place(((ParenthesizedTree) target).getExpression());
            case IDENTIFIER: {
                Element e = lowering.typed().element(target);
                if (e != null && (e.getKind() == ElementKind.LOCAL_VARIABLE || e.getKind() == ElementKind.PARAMETER)) {
                    return localPlace(e, target);
                }
                if (e != null && e.getKind() == ElementKind.FIELD) {
                    return fieldPlace(null, (VariableElement) e, target);
                }
                break;
            }
            case MEMBER_SELECT: {
                Element e = lowering.typed().element(target);
                if (e != null && e.getKind() == ElementKind.FIELD) {
                    return fieldPlace(((MemberSelectTree) target).getExpression(), (VariableElement) e, target);
                }
                break;
            }
            case ARRAY_ACCESS:
                return arrayElement((ArrayAccessTree) target);
            default:
                break;
        }
        throw Lowering.error(target, "'" + target + "' cannot be assigned in BPF code");
    }


    private Place localPlace(Element local, Tree tree) {
        TypeKind kind = local.asType().getKind();
        if (!kind.isPrimitive()) {
            throw Lowering.error(tree, "'" + local.getSimpleName() + "' refers to memory (a struct, array, header or map value) and "
                    + "cannot be reassigned: the verifier tracks each such pointer separately; declare a new variable instead");
        }
        Object variable = lowering.variable(local);
        return Place.of(kind, () -> new Scalar(flow.read(variable), kind), value -> flow.write(variable, value.value()));
    }


    private Place fieldPlace(ExpressionTree receiverTree, VariableElement field, Tree tree) {
        if (field.getModifiers().contains(Modifier.STATIC)) {
            Optional<GlobalField> g = lowering.symbols().global(field);
            if (g.isPresent()) {
                return globalPlace(g.get(), tree);
            }
            throw Lowering.error(tree, "static field '" + field.getSimpleName() + "' cannot be assigned in BPF code: only the "
                    + "globals (static non-final fields) of this class can");
        }
        JValue receiver = receiverTree == null ? lowering.frame().bindings.get(Calls.THIS) : lowering.expressions().lower(receiverTree);
        if (receiver instanceof JValue.Struct s) {
            return memberPlace(s, field, tree);
        }
        if (receiver instanceof JValue.Context ctx) {
            return contextPlace(ctx, field, tree);
        }
        throw Lowering.error(tree, "field '" + field.getSimpleName() + "' cannot be assigned in BPF code: only members of "
                + "@BpfStruct values and writable context members can");
    }
}
