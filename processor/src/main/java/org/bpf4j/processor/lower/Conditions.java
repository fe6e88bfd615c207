package org.bpf4j.processor.lower;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * Boolean expressions as branches (short-circuiting, null tests, unsigned comparison
 * intrinsics), their 0/1 values, and the joins of values from several paths (phis).
 */
final class Conditions {
    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    Conditions(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    /** Branches to {@code ifTrue} or {@code ifFalse} on a boolean expression, short-circuiting. */
    void condition(ExpressionTree e, Block ifTrue, Block ifFalse) {
        Optional<Long> constant = lowering.constants().integral(e);
        if (constant.isPresent()) {
            flow.jump(constant.get() != 0 ? ifTrue : ifFalse);
            return;
        }
        switch (e.getKind()) {
            case PARENTHESIZED:
                condition(((ParenthesizedTree) e).getExpression(), ifTrue, ifFalse);
                return;
            case LOGICAL_COMPLEMENT:
                condition(((UnaryTree) e).getExpression(), ifFalse, ifTrue);
                return;
            case CONDITIONAL_AND: {
                BinaryTree b = (BinaryTree) e;
                Block right = flow.newBlock("and");
                condition(b.getLeftOperand(), right, ifFalse);
                flow.enterSealed(right);
                if (flow.reachable()) {
                    condition(b.getRightOperand(), ifTrue, ifFalse);
                }
                return;
            }
            case CONDITIONAL_OR: {
                BinaryTree b = (BinaryTree) e;
                Block right = flow.newBlock("or");
                condition(b.getLeftOperand(), ifTrue, right);
                flow.enterSealed(right);
                if (flow.reachable()) {
                    condition(b.getRightOperand(), ifTrue, ifFalse);
                }
                return;
            }
            case EQUAL_TO:
            case NOT_EQUAL_TO:
            case LESS_THAN:
            case LESS_THAN_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_EQUAL:
                compare((BinaryTree) e, ifTrue, ifFalse);
                return;
            default: {
                if (lowering.calls().condition(e, ifTrue, ifFalse)) {
                    return;
                }
                Scalar v = lowering.expressions().scalar(e);
                if (v.value() instanceof Constant c) {
                    flow.jump(c.value() != 0 ? ifTrue : ifFalse);
                } else {
                    flow.branch(Cmp.NE, v.value(), Constant.i32(0), ifTrue, ifFalse);
                }
            }
        }
    }

    private void compare(BinaryTree b, Block ifTrue, Block ifFalse) {
        Optional<Cmp> unsigned = lowering.calls().unsignedComparison(b, ifTrue, ifFalse);
        if (unsigned.isPresent()) {
            return;
        }
        boolean eq = b.getKind() == Tree.Kind.EQUAL_TO;
        boolean equality = eq || b.getKind() == Tree.Kind.NOT_EQUAL_TO;
        JValue left = equality ? equalityOperand(b.getLeftOperand(), b.getRightOperand()) : lowering.expressions().lower(b.getLeftOperand());
        JValue right = equality ? equalityOperand(b.getRightOperand(), b.getLeftOperand()) : lowering.expressions().lower(b.getRightOperand());
        if (left instanceof JValue.Null || right instanceof JValue.Null) {
            JValue other = left instanceof JValue.Null ? right : left;
            Tree otherTree = left instanceof JValue.Null ? b.getRightOperand() : b.getLeftOperand();
            if (other instanceof JValue.Kernel k) {
                // kernel pointers are numbers to the IR: a null test compares with 0, which the verifier also reads as one
                flow.branch(eq ? Cmp.EQ : Cmp.NE, lowering.kernel().address(k), Constant.i64(0), ifTrue, ifFalse);
                return;
            }
            Value p = pointerOf(other, otherTree);
            if (p.type().isMaybeNull()) {
                flow.branch(eq ? Cmp.EQ : Cmp.NE, p, Constant.nullOf(p.type()), ifTrue, ifFalse);
            } else {
                flow.jump(eq ? ifFalse : ifTrue);
            }
            return;
        }
        if (!(left instanceof Scalar || left instanceof JValue.Boxed) || !(right instanceof Scalar || right instanceof JValue.Boxed)) {
            throw Lowering.error(b, "only primitives (and pointers against null) can be compared in BPF code");
        }
        Scalar x = lowering.expressions().toScalar(left, b.getLeftOperand());
        Scalar y = lowering.expressions().toScalar(right, b.getRightOperand());
        TypeKind kind = x.kind() == TypeKind.BOOLEAN ? TypeKind.BOOLEAN : Expressions.binaryPromotion(x.kind(), y.kind());
        Value a = kind == TypeKind.BOOLEAN ? x.value() : lowering.expressions().convert(lowering.expressions().promote(x), kind).value();
        Value c = kind == TypeKind.BOOLEAN ? y.value() : lowering.expressions().convert(lowering.expressions().promote(y), kind).value();
        Cmp cmp = signedCmp(b.getKind());
        if (a instanceof Constant && !(c instanceof Constant)) {
            Value t = a;
            a = c;
            c = t;
            cmp = cmp.swap();
        }
        if (a instanceof Constant ca && c instanceof Constant cc) {
            flow.jump(cmp.test(ca.value(), cc.value(), a.type() == Type.I32) ? ifTrue : ifFalse);
            return;
        }
        flow.branch(cmp, a, c, ifTrue, ifFalse);
    }

    /**
     * A byte or short member compared for equality with a constant it can only equal when
     * non-negative ({@code ip.protocol == 6}): its zero-extending load gives the same answer.
     */
    private JValue equalityOperand(ExpressionTree operand, ExpressionTree other) {
        ExpressionTree member = Expressions.strip(operand);
        Optional<Long> c = lowering.constants().integral(other);
        TypeKind kind = lowering.typed().kind(member);
        long max = kind == TypeKind.BYTE ? Byte.MAX_VALUE : kind == TypeKind.SHORT ? Short.MAX_VALUE : -1;
        if (c.isPresent() && c.get() >= 0 && c.get() <= max && member instanceof MemberSelectTree s
                && lowering.typed().element(s) instanceof VariableElement f && f.getKind() == ElementKind.FIELD
                && !f.getModifiers().contains(Modifier.STATIC)) {
            JValue receiver = lowering.expressions().lower(s.getExpression());
            if (receiver instanceof JValue.Struct st) {
                return lowering.expressions().member(st, f, s, true);
            }
            return lowering.expressions().memberPlaceOrValue(receiver, f, s, false);
        }
        return lowering.expressions().lower(operand);
    }

    static Cmp signedCmp(Tree.Kind kind) {
        switch (kind) {
            case EQUAL_TO: return Cmp.EQ;
            case NOT_EQUAL_TO: return Cmp.NE;
            case LESS_THAN: return Cmp.SLT;
            case LESS_THAN_EQUAL: return Cmp.SLE;
            case GREATER_THAN: return Cmp.SGT;
            default: return Cmp.SGE;
        }
    }

    /** The pointer behind a struct, array, boxed or map value, for null tests. */
    Value pointerOf(JValue v, Tree tree) {
        if (v instanceof JValue.Struct s) {
            return s.pointer();
        }
        if (v instanceof JValue.Boxed b) {
            return b.pointer();
        }
        if (v instanceof JValue.Array a) {
            return a.pointer();
        }
        if (v instanceof JValue.Context c) {
            return c.pointer();
        }
        throw Lowering.error(tree, "'" + tree + "' is not a reference that can be null");
    }

    /** A boolean expression as a 0/1 value. */
    Scalar booleanValue(ExpressionTree e) {
        Block t = flow.newBlock("true");
        Block f = flow.newBlock("false");
        Block join = flow.newBlock("bool");
        condition(e, t, f);
        return joinBooleans(t, f, join, e);
    }

    /** {@code v cmp 0} as a boolean value. */
    Scalar compareToZero(Scalar v, Cmp cmp) {
        Block t = flow.newBlock("true");
        Block f = flow.newBlock("false");
        Block join = flow.newBlock("bool");
        flow.branch(cmp, v.value(), Constant.of(v.value().type(), 0), t, f);
        return joinBooleans(t, f, join, null);
    }

    /** The 0/1 value of the branches to {@code t} (true) and {@code f} (false), joined in {@code join}. */
    Scalar joinBooleans(Block t, Block f, Block join, Tree tree) {
        List<Block> from = new ArrayList<>();
        List<JValue> values = new ArrayList<>();
        flow.enterSealed(t);
        if (flow.reachable()) {
            from.add(builder.currentBlock());
            values.add(Expressions.constant(1, TypeKind.BOOLEAN));
            flow.jump(join);
        }
        flow.enterSealed(f);
        if (flow.reachable()) {
            from.add(builder.currentBlock());
            values.add(Expressions.constant(0, TypeKind.BOOLEAN));
            flow.jump(join);
        }
        flow.enterSealed(join);
        return (Scalar) merge(from, values, tree);
    }

    JValue conditional(ConditionalExpressionTree c) {
        TypeKind kind = lowering.typed().kind(c);
        Block t = flow.newBlock("then");
        Block f = flow.newBlock("else");
        Block join = flow.newBlock("cond");
        condition(c.getCondition(), t, f);
        List<Block> from = new ArrayList<>();
        List<JValue> values = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            flow.enterSealed(side == 0 ? t : f);
            if (!flow.reachable()) {
                continue;
            }
            ExpressionTree arm = side == 0 ? c.getTrueExpression() : c.getFalseExpression();
            JValue v = lowering.expressions().lower(arm);
            if (kind.isPrimitive()) {
                v = lowering.expressions().convert(lowering.expressions().toScalar(v, arm), kind);
            }
            from.add(builder.currentBlock());
            values.add(v);
            flow.jump(join);
        }
        flow.enterSealed(join);
        return merge(from, values, c);
    }

    /**
     * The value of a join: {@code values[i]} arrives from {@code from[i]}; call right after entering
     * the join block. Scalars must already have one kind; references must view the same struct.
     */
    JValue merge(List<Block> from, List<JValue> values, Tree tree) {
        if (values.isEmpty()) {
            return null;
        }
        JValue first = values.stream().filter(v -> !(v instanceof JValue.Null)).findFirst().orElse(null);
        if (first == null) {
            return new JValue.Null();
        }
        List<Value> incoming = new ArrayList<>();
        Type type;
        if (first instanceof Scalar s) {
            for (JValue v : values) {
                incoming.add(lowering.expressions().toScalar(v, tree).value());
            }
            type = s.value().type();
        } else {
            Value p0 = pointerOf(first, tree);
            type = p0.type();
            for (JValue v : values) {
                if (v instanceof JValue.Null) {
                    if (!type.isMaybeNull()) {
                        throw Lowering.error(tree, "this merges null with memory that is never null (" + type
                                + "): BPF pointers of one variable must be of one kind; return or test separately");
                    }
                    incoming.add(Constant.nullOf(type));
                } else if (!sameView(first, v)) {
                    throw Lowering.error(tree, "the branches yield references to different kinds of memory or different "
                            + "struct types; BPF cannot join them into one variable — handle each case separately");
                } else {
                    incoming.add(pointerOf(v, tree));
                }
            }
        }
        Value result = incoming.get(0);
        boolean same = incoming.stream().allMatch(v -> v.equals(incoming.get(0)));
        if (!same) {
            Phi phi = builder.phi(type);
            for (int i = 0; i < from.size(); i++) {
                phi.addIncoming(from.get(i), incoming.get(i));
            }
            result = phi;
        }
        if (first instanceof Scalar s) {
            return new Scalar(result, s.kind());
        }
        if (first instanceof JValue.Struct s) {
            return new JValue.Struct(result, s.offset(), s.layout(), s.networkOrder());
        }
        if (first instanceof JValue.Boxed bx) {
            return new JValue.Boxed(result, bx.kind());
        }
        if (first instanceof JValue.Array a) {
            return new JValue.Array(result, a.offset(), a.elementType(), a.elementSize(), a.length(), a.elementLayout(), a.networkOrder());
        }
        throw Lowering.error(tree, "this value cannot be chosen at run time in BPF code");
    }

    private boolean sameView(JValue a, JValue b) {
        Value pa = pointerOf(a, null);
        if (a.getClass() != b.getClass()) {
            return false;
        }
        Value pb = b instanceof JValue.Struct s ? s.pointer() : b instanceof JValue.Boxed x ? x.pointer()
                : b instanceof JValue.Array r ? r.pointer() : null;
        if (pb == null || pa.type() != pb.type()) {
            return false;
        }
        if (a instanceof JValue.Struct s && b instanceof JValue.Struct t) {
            return s.offset() == t.offset() && s.layout().element().equals(t.layout().element());
        }
        if (a instanceof JValue.Array s && b instanceof JValue.Array t) {
            return s.offset() == t.offset() && s.length() == t.length() && s.elementSize() == t.elementSize();
        }
        return true;
    }
}
