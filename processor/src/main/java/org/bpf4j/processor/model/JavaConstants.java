package org.bpf4j.processor.model;

import com.sun.source.tree.Tree;
import org.bpf4j.compiler.ir.Op;

/**
 * What the two constant evaluators share (the model's, over trees javac has not attributed yet,
 * and the lowering's, over attributed ones): a boxed constant as bits, and Java's integer
 * operators as the IR operations {@code JavaArithmetic} computes.
 */
public final class JavaConstants {
    private JavaConstants() {}

    /** The bits of a boxed constant: a boolean is 0 or 1, a char its unsigned code, a number its long value. */
    public static long bits(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof Character c) {
            return c;
        }
        return ((Number) value).longValue();
    }

    /** The IR operation of a Java integer operator ({@code + - * / % << >> >>> & | ^}), or null. */
    public static Op operator(Tree.Kind kind) {
        return switch (kind) {
            case PLUS -> Op.ADD;
            case MINUS -> Op.SUB;
            case MULTIPLY -> Op.MUL;
            case DIVIDE -> Op.SDIV;
            case REMAINDER -> Op.SREM;
            case LEFT_SHIFT -> Op.SHL;
            case RIGHT_SHIFT -> Op.ASHR;
            case UNSIGNED_RIGHT_SHIFT -> Op.LSHR;
            case AND -> Op.AND;
            case OR -> Op.OR;
            case XOR -> Op.XOR;
            default -> null;
        };
    }
}
