package org.bpf4j.processor.lower.source;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.processor.model.Foldables;
import org.bpf4j.processor.model.JavaConstants;

/**
 * Values of Java constant expressions (JLS 15.29) over integral and boolean types: literals,
 * {@code static final} and final local constants and operators over them, evaluated with Java's
 * own arithmetic ({@link JavaArithmetic}). Used to inline constants and to recognise loop bounds, case labels and sizes.
 * Beyond JLS constants: calls of {@link Foldables @Foldable} methods with constant arguments
 * ({@code Ipv4.parse("10.0.0.1")}), and {@code static final} fields of this file initialized by
 * such expressions, which the JVM computes once at class initialization.
 */
public final class ConstantValues {
    private final TypedTrees typed;
    /** Fields whose initializer is being evaluated, so that a cycle through qualified names ends. */
    private final Set<Element> evaluating = new HashSet<>();

    public ConstantValues(TypedTrees typed) {
        this.typed = typed;
    }

    /** The value as a long (booleans 0/1, chars unsigned), when the expression is an integral or boolean constant. */
    public Optional<Long> integral(ExpressionTree expr) {
        Object v = value(expr);
        return v == null ? Optional.empty() : Optional.of(JavaConstants.bits(v));
    }

    /** The constant's value boxed as Java holds it, or null when the expression is not constant. */
    Object value(ExpressionTree expr) {
        switch (expr.getKind()) {
            case PARENTHESIZED:
                return value(((ParenthesizedTree) expr).getExpression());
            case IDENTIFIER:
            case MEMBER_SELECT: {
                Element e = typed.element(expr);
                boolean variable = e != null && (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.LOCAL_VARIABLE);
                if (!variable) {
                    return null;
                }
                Object constant = supported(((VariableElement) e).getConstantValue());
                return constant != null ? constant : staticFinalField((VariableElement) e);
            }
            case METHOD_INVOCATION:
                try {
                    return fold((MethodInvocationTree) expr);
                } catch (Foldables.Failure failure) {
                    return null;
                }
            case TYPE_CAST: {
                Object v = value(((TypeCastTree) expr).getExpression());
                return v == null ? null : convert(JavaConstants.bits(v), typed.kind(expr));
            }
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) expr;
                Object cond = value(c.getCondition());
                if (!(cond instanceof Boolean b)) {
                    return null;
                }
                Object v = value(b ? c.getTrueExpression() : c.getFalseExpression());
                return v == null ? null : convert(JavaConstants.bits(v), typed.kind(expr));
            }
            default:
                if (expr instanceof LiteralTree lit) {
                    return supported(lit.getValue());
                }
                if (expr instanceof UnaryTree u) {
                    Object a = value(u.getExpression());
                    return a == null ? null : unary(u.getKind(), JavaConstants.bits(a), typed.kind(expr));
                }
                if (expr instanceof BinaryTree b) {
                    Object l = value(b.getLeftOperand());
                    Object r = l == null ? null : value(b.getRightOperand());
                    return r == null ? null : binary(b, JavaConstants.bits(l), JavaConstants.bits(r));
                }
                return null;
        }
    }

    /**
     * The value of a call of a {@code @Foldable} method whose arguments are all constants, null
     * when it calls something else or an argument is not constant.
     *
     * @throws Foldables.Failure when the method throws for these arguments
     */
    public Object fold(MethodInvocationTree call) {
        Element method = typed.element(call);
        if (!Foldables.isFoldable(method)) {
            return null;
        }
        List<Object> arguments = new ArrayList<>();
        for (ExpressionTree argument : call.getArguments()) {
            Object v = argument instanceof LiteralTree literal && literal.getValue() instanceof String text ? text
                    : typed.element(argument) instanceof VariableElement var && var.getConstantValue() instanceof String text
                            ? text : value(argument);
            if (v == null) {
                return null;
            }
            arguments.add(v);
        }
        Object result = Foldables.invoke((ExecutableElement) method, arguments);
        return convert(JavaConstants.bits(result), typed.kind(call));
    }

    /** The initializer of a {@code static final} primitive field declared in this file, when it is constant. */
    private Object staticFinalField(VariableElement field) {
        Optional<ExpressionTree> init = initializer(field);
        if (init.isEmpty() || !evaluating.add(field)) {
            return null;
        }
        try {
            Object v = value(init.get());
            return v == null ? null : convert(JavaConstants.bits(v), field.asType().getKind());
        } finally {
            evaluating.remove(field);
        }
    }

    /** The initializer of a {@code static final} primitive field declared in this compilation unit. */
    public Optional<ExpressionTree> initializer(VariableElement field) {
        if (field.getKind() != ElementKind.FIELD || !field.getModifiers().contains(Modifier.STATIC)
                || !field.getModifiers().contains(Modifier.FINAL) || !field.asType().getKind().isPrimitive()) {
            return Optional.empty();
        }
        TreePath path = typed.trees().getPath(field);
        if (path == null || path.getCompilationUnit() != typed.unit() || !(path.getLeaf() instanceof VariableTree v)) {
            return Optional.empty();
        }
        return Optional.ofNullable(v.getInitializer());
    }

    private static Object supported(Object v) {
        return v instanceof Number && !(v instanceof Float) && !(v instanceof Double) || v instanceof Boolean || v instanceof Character ? v : null;
    }

    /** The Java value of type {@code to} holding {@code bits} after a narrowing or widening conversion. */
    public static Object convert(long bits, TypeKind to) {
        switch (to) {
            case LONG: return bits;
            case INT: return (int) bits;
            case SHORT: return (short) bits;
            case BYTE: return (byte) bits;
            case CHAR: return (char) bits;
            case BOOLEAN: return bits != 0;
            default: return null;
        }
    }

    private static Object unary(Tree.Kind op, long a, TypeKind type) {
        switch (op) {
            case UNARY_MINUS: return convert(JavaArithmetic.evaluate(Op.SUB, 0, a, type != TypeKind.LONG), type);
            case UNARY_PLUS: return convert(a, type);
            case BITWISE_COMPLEMENT: return convert(JavaArithmetic.evaluate(Op.XOR, a, -1, type != TypeKind.LONG), type);
            case LOGICAL_COMPLEMENT: return a == 0;
            default: return null;
        }
    }

    private Object binary(BinaryTree tree, long l, long r) {
        TypeKind result = typed.kind(tree);
        Op op = arithmetic(tree.getKind());
        if (op != null) {
            boolean shift = op == Op.SHL || op == Op.ASHR || op == Op.LSHR;
            TypeKind left = typed.kind(tree.getLeftOperand());
            boolean wide = (shift ? left : promoted(left, typed.kind(tree.getRightOperand()))) == TypeKind.LONG;
            boolean divides = op == Op.SDIV || op == Op.SREM;
            return divides && r == 0 ? null : convert(JavaArithmetic.evaluate(op, l, r, !wide), result);
        }
        switch (tree.getKind()) {
            case LESS_THAN: return l < r;
            case LESS_THAN_EQUAL: return l <= r;
            case GREATER_THAN: return l > r;
            case GREATER_THAN_EQUAL: return l >= r;
            case EQUAL_TO: return l == r;
            case NOT_EQUAL_TO: return l != r;
            default: return null;
        }
    }

    /**
     * The IR operation of a Java integer operator, or null; {@code &&} and {@code ||} of constants
     * are {@code &} and {@code |} of their 0/1 bits.
     */
    private static Op arithmetic(Tree.Kind kind) {
        return switch (kind) {
            case CONDITIONAL_AND -> Op.AND;
            case CONDITIONAL_OR -> Op.OR;
            default -> JavaConstants.operator(kind);
        };
    }

    private static TypeKind promoted(TypeKind a, TypeKind b) {
        return a == TypeKind.LONG || b == TypeKind.LONG ? TypeKind.LONG : TypeKind.INT;
    }
}
