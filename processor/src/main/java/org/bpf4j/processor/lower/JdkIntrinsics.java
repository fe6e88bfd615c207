package org.bpf4j.processor.lower;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * JDK methods compiled to BPF instructions with their exact Java semantics: the one table of
 * them, keyed by {@code Class.method}.
 */
final class JdkIntrinsics {
    private interface Impl {
        Scalar lower(JdkIntrinsics self, List<Scalar> args, MethodInvocationTree call, TypeKind result);
    }

    private static final Map<String, Impl> TABLE = Map.ofEntries(
            Map.entry("java.lang.Integer.compareUnsigned", (s, a, c, r) -> s.compare(a, true)),
            Map.entry("java.lang.Long.compareUnsigned", (s, a, c, r) -> s.compare(a, true)),
            Map.entry("java.lang.Integer.compare", (s, a, c, r) -> s.compare(a, false)),
            Map.entry("java.lang.Long.compare", (s, a, c, r) -> s.compare(a, false)),
            Map.entry("java.lang.Integer.divideUnsigned", (s, a, c, r) -> s.binary(Op.UDIV, a, c)),
            Map.entry("java.lang.Long.divideUnsigned", (s, a, c, r) -> s.binary(Op.UDIV, a, c)),
            Map.entry("java.lang.Integer.remainderUnsigned", (s, a, c, r) -> s.binary(Op.UREM, a, c)),
            Map.entry("java.lang.Long.remainderUnsigned", (s, a, c, r) -> s.binary(Op.UREM, a, c)),
            Map.entry("java.lang.Integer.toUnsignedLong", (s, a, c, r) -> s.zext(a.get(0), 4, r)),
            Map.entry("java.lang.Byte.toUnsignedInt", (s, a, c, r) -> s.zext(a.get(0), 1, r)),
            Map.entry("java.lang.Byte.toUnsignedLong", (s, a, c, r) -> s.zext(a.get(0), 1, r)),
            Map.entry("java.lang.Short.toUnsignedInt", (s, a, c, r) -> s.zext(a.get(0), 2, r)),
            Map.entry("java.lang.Short.toUnsignedLong", (s, a, c, r) -> s.zext(a.get(0), 2, r)),
            Map.entry("java.lang.Integer.reverseBytes", (s, a, c, r) -> s.bswap(a.get(0), 4, r)),
            Map.entry("java.lang.Long.reverseBytes", (s, a, c, r) -> s.bswap(a.get(0), 8, r)),
            Map.entry("java.lang.Short.reverseBytes", (s, a, c, r) -> s.bswap(a.get(0), 2, r)),
            Map.entry("java.lang.Character.reverseBytes", (s, a, c, r) -> s.bswap(a.get(0), 2, r)),
            Map.entry("java.lang.Math.min", (s, a, c, r) -> s.select(Cmp.SLT, a.get(0), a.get(1), a.get(0), a.get(1), r)),
            Map.entry("java.lang.Math.max", (s, a, c, r) -> s.select(Cmp.SGT, a.get(0), a.get(1), a.get(0), a.get(1), r)),
            Map.entry("java.lang.Math.abs", (s, a, c, r) -> s.abs(a.get(0), r)));

    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    JdkIntrinsics(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    private static String key(ExecutableElement method) {
        return ((TypeElement) method.getEnclosingElement()).getQualifiedName() + "." + method.getSimpleName();
    }

    boolean isCompareUnsigned(MethodInvocationTree call) {
        return lowering.typed().element(call) instanceof ExecutableElement m && key(m).endsWith(".compareUnsigned")
                && TABLE.containsKey(key(m));
    }

    /** Whether {@code method} is a JDK method BPF code can call. */
    static boolean isIntrinsic(ExecutableElement method) {
        return method.getModifiers().contains(Modifier.STATIC) && TABLE.containsKey(key(method));
    }

    Optional<JValue> invoke(MethodInvocationTree call, ExecutableElement method) {
        if (!isIntrinsic(method)) {
            return Optional.empty();
        }
        Impl impl = TABLE.get(key(method));
        TypeKind result = method.getReturnType().getKind();
        Optional<Scalar> folded = zeroExtendingMemberLoad(call, method, result);
        if (folded.isPresent()) {
            return Optional.of(folded.get());
        }
        List<Scalar> args = new ArrayList<>();
        for (int i = 0; i < call.getArguments().size(); i++) {
            TypeKind kind = method.getParameters().get(i).asType().getKind();
            args.add(lowering.expressions().convert(lowering.expressions().scalar(call.getArguments().get(i)), kind));
        }
        return Optional.of(impl.lower(this, args, call, result));
    }

    /** {@code Byte.toUnsignedInt(s.b)}, {@code Short.toUnsignedInt(s.x)}: a zero-extending load of the member. */
    private Optional<Scalar> zeroExtendingMemberLoad(MethodInvocationTree call, ExecutableElement method, TypeKind result) {
        String k = key(method);
        if (!k.startsWith("java.lang.Byte.toUnsigned") && !k.startsWith("java.lang.Short.toUnsigned")) {
            return Optional.empty();
        }
        ExpressionTree arg = call.getArguments().get(0);
        while (arg instanceof ParenthesizedTree p) {
            arg = p.getExpression();
        }
        if (arg instanceof MemberSelectTree s && lowering.typed().element(s) instanceof VariableElement f && f.getKind() == ElementKind.FIELD
                && !f.getModifiers().contains(Modifier.STATIC)) {
            JValue receiver = lowering.expressions().lower(s.getExpression());
            if (receiver instanceof JValue.Struct st) {
                Scalar v = (Scalar) lowering.expressions().member(st, f, s, true);
                return Optional.of(lowering.expressions().convert(v, result));
            }
        }
        return Optional.empty();
    }

    /** Integer/Long.compare(Unsigned): -1, 0 or 1. */
    private Scalar compare(List<Scalar> args, boolean unsigned) {
        Value a = args.get(0).value();
        Value b = args.get(1).value();
        Block equal = flow.newBlock("cmp_eq");
        Block differ = flow.newBlock("cmp_ne");
        Block less = flow.newBlock("cmp_lt");
        Block greater = flow.newBlock("cmp_gt");
        Block join = flow.newBlock("cmp");
        flow.branch(Cmp.EQ, a, b, equal, differ);
        flow.enterSealed(differ);
        flow.branch(unsigned ? Cmp.ULT : Cmp.SLT, a, b, less, greater);
        List<Block> from = new ArrayList<>();
        List<JValue> values = new ArrayList<>();
        int[] results = {0, -1, 1};
        Block[] blocks = {equal, less, greater};
        for (int i = 0; i < 3; i++) {
            flow.enterSealed(blocks[i]);
            from.add(blocks[i]);
            values.add(Expressions.constant(results[i], TypeKind.INT));
            flow.jump(join);
        }
        flow.enterSealed(join);
        return (Scalar) lowering.conditions().merge(from, values, null);
    }

    private Scalar binary(Op op, List<Scalar> args, MethodInvocationTree call) {
        Expressions.checkDivisor(args.get(1).value(), call);
        return new Scalar(builder.binary(op, args.get(0).value(), args.get(1).value()), args.get(0).kind());
    }

    private Scalar zext(Scalar v, int bytes, TypeKind result) {
        Value x = v.value();
        if (x instanceof Constant c) {
            long mask = bytes == 4 ? 0xFFFF_FFFFL : (1L << (8 * bytes)) - 1;
            return Expressions.constant(c.value() & mask, result);
        }
        return new Scalar(builder.zext(x, bytes, Scalar.irType(result)), result);
    }

    private Scalar bswap(Scalar v, int bytes, TypeKind result) {
        Value swapped = builder.bswap(v.value(), bytes);
        // BSWAP leaves the bits above the swapped bytes zero: right for char, short needs its sign.
        return result == TypeKind.SHORT
                ? lowering.expressions().convert(new Scalar(swapped, TypeKind.INT), TypeKind.SHORT)
                : new Scalar(swapped, result);
    }

    /** {@code a cmp b ? x : y}. */
    private Scalar select(Cmp cmp, Scalar a, Scalar b, Scalar x, Scalar y, TypeKind result) {
        Block t = flow.newBlock("sel_t");
        Block f = flow.newBlock("sel_f");
        Block join = flow.newBlock("sel");
        flow.branch(cmp, a.value(), b.value(), t, f);
        flow.enterSealed(t);
        flow.jump(join);
        flow.enterSealed(f);
        flow.jump(join);
        flow.enterSealed(join);
        return (Scalar) lowering.conditions().merge(List.of(t, f), List.of(x, y), null);
    }

    private Scalar abs(Scalar v, TypeKind result) {
        Scalar negated = new Scalar(builder.neg(v.value()), result);
        return select(Cmp.SLT, v, Expressions.constant(0, result), negated, v, result);
    }
}
