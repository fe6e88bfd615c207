package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated Java expression: a template whose {@code $0, $1, ...} are filled by its operands.
 * The tree is kept (not just the text) so the shrinker can replace a node by an operand of the
 * same kind or by {@link #minimal}, a literal that keeps the program well-typed and free of
 * Java exceptions (a divisor's minimal value is 1, never 0).
 */
record Expr(Kind kind, String template, List<Expr> operands, String minimal) {
    /** Java's computational types, which decide where an expression may stand. */
    enum Kind { INT, LONG, BOOL }

    Expr {
        operands = List.copyOf(operands);
    }

    static Expr leaf(Kind kind, String text) {
        return new Expr(kind, text, List.of(), text);
    }

    static Expr of(Kind kind, String template, Expr... operands) {
        return new Expr(kind, template, List.of(operands), zero(kind));
    }

    /** A divisor: {@code (e | 1)} is odd, hence never zero, and shrinks to 1. */
    static Expr nonZero(Expr e) {
        return new Expr(e.kind, e.kind == Kind.LONG ? "($0 | 1L)" : "($0 | 1)", List.of(e), e.kind == Kind.LONG ? "1L" : "1");
    }

    static String zero(Kind kind) {
        return switch (kind) {
            case INT -> "0";
            case LONG -> "0L";
            case BOOL -> "false";
        };
    }

    String render() {
        if (operands.isEmpty()) {
            return template;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                out.append(operands.get(template.charAt(++i) - '0').render());
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Expressions one step simpler than this one, simplest first. */
    List<Expr> simplifications() {
        List<Expr> out = new ArrayList<>();
        if (!template.equals(minimal)) {
            out.add(leaf(kind, minimal));
        }
        for (Expr operand : operands) {
            if (operand.kind == kind && !isDivisor()) {
                out.add(operand);
            }
        }
        for (int i = 0; i < operands.size(); i++) {
            for (Expr simpler : operands.get(i).simplifications()) {
                List<Expr> changed = new ArrayList<>(operands);
                changed.set(i, simpler);
                out.add(new Expr(kind, template, changed, minimal));
            }
        }
        return out;
    }

    private boolean isDivisor() {
        return minimal.equals("1") || minimal.equals("1L");
    }

    /** True when no operand reads a variable or the packet, so the compiler may fold it to a constant. */
    boolean isConstant() {
        if (operands.isEmpty()) {
            return template.matches("\\(?-?\\d+L?\\)?|true|false");
        }
        return !template.contains("ctx.") && operands.stream().allMatch(Expr::isConstant);
    }

    /**
     * Whether the compiler may fold this condition to a constant although Java does not count it
     * as one: it is constant, or a condition inside it is ({@code x && false}, {@code x || (7 & 2)
     * != 0}). Code under such a condition may be dead, and the compiler drops dead code without
     * checking what only lowering checks.
     */
    boolean mayFoldToConstant() {
        return isConstant() || hasConstantCondition();
    }

    private boolean hasConstantCondition() {
        return (kind == Kind.BOOL && isConstant()) || operands.stream().anyMatch(Expr::hasConstantCondition);
    }

    int size() {
        int n = 1;
        for (Expr e : operands) {
            n += e.size();
        }
        return n;
    }
}
