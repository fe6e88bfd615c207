package org.bpf4j.processor.model;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;

/**
 * Evaluates the initializer of a global variable while the trees are not yet attributed (in
 * {@code process()}): literals, {@code + - ~ !}, casts, integer binary operators with Java's
 * int/long promotion (computed by {@link JavaArithmetic}), and {@code static final} constants
 * named as {@code NAME} (of the class, an enclosing class, or statically imported) or
 * {@code Type.NAME} (resolved like javac does: nested, imported, same package, {@code java.lang},
 * or fully qualified); calls of {@code @Foldable} methods with constant arguments.
 */
final class ConstantEvaluator {
    private final TypeElement owner;
    private final Elements elements;
    private final List<? extends ImportTree> imports;

    ConstantEvaluator(TypeElement owner, Elements elements, List<? extends ImportTree> imports) {
        this.owner = owner;
        this.elements = elements;
        this.imports = imports;
    }

    /** The value converted to {@code kind}, empty when the expression is not such a constant. */
    Optional<Object> evaluate(ExpressionTree tree, TypeKind kind) {
        return eval(tree).map(v -> convert(v, kind));
    }

    private Optional<Object> eval(ExpressionTree tree) {
        if (tree instanceof LiteralTree literal) {
            Object value = literal.getValue();
            return value instanceof Number || value instanceof Boolean || value instanceof Character
                    ? Optional.of(value) : Optional.empty();
        }
        if (tree instanceof ParenthesizedTree parens) {
            return eval(parens.getExpression());
        }
        if (tree instanceof TypeCastTree cast) {
            TypeKind target = switch (cast.getType().toString()) {
                case "byte" -> TypeKind.BYTE;
                case "short" -> TypeKind.SHORT;
                case "char" -> TypeKind.CHAR;
                case "int" -> TypeKind.INT;
                case "long" -> TypeKind.LONG;
                default -> null;
            };
            return target == null ? Optional.empty()
                    : eval(cast.getExpression()).map(v -> convert(v, target));
        }
        if (tree instanceof IdentifierTree id) {
            return simpleConstant(id.getName().toString());
        }
        if (tree instanceof MemberSelectTree select) {
            return type(select.getExpression().toString())
                    .flatMap(t -> constant(t, select.getIdentifier().toString()));
        }
        if (tree instanceof UnaryTree unary) {
            return eval(unary.getExpression()).flatMap(v -> unary(unary, v));
        }
        if (tree instanceof MethodInvocationTree call) {
            return fold(call);
        }
        if (tree instanceof BinaryTree binary) {
            Optional<Object> left = eval(binary.getLeftOperand());
            Optional<Object> right = eval(binary.getRightOperand());
            return left.isPresent() && right.isPresent()
                    ? binary(binary, left.get(), right.get()) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A call of a {@code @Foldable} method ({@code Ipv4.parse("10.0.0.1")}, or {@code parse(...)}
     * statically imported) with constant arguments, run by {@link Foldables}.
     *
     * @throws Foldables.Failure when the method throws for these arguments
     */
    private Optional<Object> fold(MethodInvocationTree call) {
        List<Object> arguments = new ArrayList<>();
        for (ExpressionTree argument : call.getArguments()) {
            Optional<Object> v = argument instanceof LiteralTree literal && literal.getValue() instanceof String text
                    ? Optional.of(text) : eval(argument);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            arguments.add(v.get());
        }
        List<TypeElement> owners = new ArrayList<>();
        String name;
        if (call.getMethodSelect() instanceof MemberSelectTree select) {
            type(select.getExpression().toString()).ifPresent(owners::add);
            name = select.getIdentifier().toString();
        } else {
            name = call.getMethodSelect().toString();
            for (ImportTree imp : imports) {
                if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree q
                        && (q.getIdentifier().contentEquals(name) || q.getIdentifier().contentEquals("*"))) {
                    Optional.ofNullable(elements.getTypeElement(q.getExpression().toString())).ifPresent(owners::add);
                }
            }
        }
        for (TypeElement owner : owners) {
            for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
                if (m.getSimpleName().contentEquals(name) && Foldables.isFoldable(m)
                        && m.getParameters().size() == arguments.size()) {
                    return Optional.of(Foldables.invoke(m, arguments));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Object> simpleConstant(String name) {
        for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
            Optional<Object> value = constant(type, name);
            if (value.isPresent()) {
                return value;
            }
        }
        for (ImportTree imp : imports) {
            if (!imp.isStatic() || !(imp.getQualifiedIdentifier() instanceof MemberSelectTree q)) {
                continue;
            }
            String member = q.getIdentifier().toString();
            if (member.equals(name) || member.equals("*")) {
                Optional<Object> value = Optional.ofNullable(
                        elements.getTypeElement(q.getExpression().toString()))
                        .flatMap(t -> constant(t, name));
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** The type a (possibly qualified) name in the source denotes. */
    private Optional<TypeElement> type(String name) {
        int dot = name.indexOf('.');
        String first = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot);
        List<String> candidates = new ArrayList<>();
        for (Element e = owner; e instanceof TypeElement type; e = e.getEnclosingElement()) {
            candidates.add(type.getQualifiedName() + "." + name);
        }
        for (ImportTree imp : imports) {
            String imported = imp.getQualifiedIdentifier().toString();
            if (imp.isStatic()) {
                continue;
            }
            if (imported.endsWith("." + first)) {
                candidates.add(imported + rest);
            } else if (imported.endsWith(".*")) {
                candidates.add(imported.substring(0, imported.length() - 1) + name);
            }
        }
        String pkg = elements.getPackageOf(owner).getQualifiedName().toString();
        candidates.add(pkg.isEmpty() ? name : pkg + "." + name);
        candidates.add("java.lang." + name);
        candidates.add(name);
        return candidates.stream().map(elements::getTypeElement).filter(t -> t != null).findFirst();
    }

    private static Optional<Object> constant(TypeElement type, String name) {
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getSimpleName().contentEquals(name) && field.getConstantValue() != null) {
                return Optional.of(field.getConstantValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<Object> unary(UnaryTree tree, Object v) {
        if (v instanceof Boolean b) {
            return tree.getKind() == Tree.Kind.LOGICAL_COMPLEMENT ? Optional.of(!b) : Optional.empty();
        }
        boolean isLong = v instanceof Long;
        long x = JavaConstants.bits(v);
        return switch (tree.getKind()) {
            case UNARY_MINUS -> Optional.of(typed(JavaArithmetic.evaluate(Op.SUB, 0, x, !isLong), isLong));
            case UNARY_PLUS -> Optional.of(typed(x, isLong));
            case BITWISE_COMPLEMENT -> Optional.of(typed(JavaArithmetic.evaluate(Op.XOR, x, -1, !isLong), isLong));
            default -> Optional.empty();
        };
    }

    private static Optional<Object> binary(BinaryTree tree, Object l, Object r) {
        Op op = JavaConstants.operator(tree.getKind());
        if (op == null || l instanceof Boolean || r instanceof Boolean) {
            return Optional.empty();
        }
        long a = JavaConstants.bits(l);
        long b = JavaConstants.bits(r);
        boolean shift = op == Op.SHL || op == Op.ASHR || op == Op.LSHR;
        // Shifts take the left operand's type; other operators promote to long if either is.
        boolean isLong = shift ? l instanceof Long : l instanceof Long || r instanceof Long;
        if ((op == Op.SDIV || op == Op.SREM) && b == 0) {
            return Optional.empty();
        }
        return Optional.of(typed(JavaArithmetic.evaluate(op, a, b, !isLong), isLong));
    }

    /** The value boxed as Java types it: Long or Integer. */
    private static Object typed(long value, boolean isLong) {
        return isLong ? (Object) value : (Object) (int) value;
    }

    /** Java's assignment conversion of a constant to the field's primitive type. */
    static Object convert(Object v, TypeKind kind) {
        if (kind == TypeKind.BOOLEAN || v instanceof Boolean) {
            return v;
        }
        long x = JavaConstants.bits(v);
        return switch (kind) {
            case BYTE -> (byte) x;
            case SHORT -> (short) x;
            case CHAR -> (char) x;
            case INT -> (int) x;
            case LONG -> x;
            default -> v;
        };
    }
}
