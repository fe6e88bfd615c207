package org.bpf4j.compiler.ir;

import java.util.Collections;
import java.util.List;

/**
 * The rules of one {@link Op} that {@link IrChecker} enforces: what each operand position
 * accepts, how many operands there are, what the result type and {@code size} may be, how many
 * branch targets it has, and whether it names a symbol or compares its operands.
 */
record Signature(List<OperandKind> operands, Arity arity, ResultKind result, SizeRule size, int targets,
                 boolean needsSymbol, boolean compares) {

    /** How many operands an instruction has, given the positions listed. */
    enum Arity {
        /** Exactly the listed positions. */
        EXACT,
        /** Up to the listed positions (calls: the five argument registers). */
        AT_MOST,
        /** One per incoming edge; checked against the block's predecessors instead. */
        PER_INCOMING,
        /** The listed three for a compare-and-exchange, else the first two. */
        ATOMIC,
        /** The listed one, or none when the function returns VOID. */
        RETURN;

        boolean accepts(Instruction i, int listed) {
            int n = i.operands().size();
            return switch (this) {
                case EXACT -> n == listed;
                case AT_MOST -> n <= listed;
                case PER_INCOMING -> true;
                case ATOMIC -> n == (i.atomic() == AtomicKind.CMPXCHG ? listed : listed - 1);
                case RETURN -> n == (i.block().function().returnType() == Type.VOID ? 0 : listed);
            };
        }

        String expected(int listed) {
            return switch (this) {
                case EXACT -> Integer.toString(listed);
                case AT_MOST -> "at most " + listed;
                case PER_INCOMING -> "one per predecessor";
                case ATOMIC -> (listed - 1) + " (" + listed + " for CMPXCHG)";
                case RETURN -> listed + " (none in a VOID function)";
            };
        }
    }

    /** Exactly these operands; any result, no size, no targets. */
    static Signature of(OperandKind... operands) {
        return new Signature(List.of(operands), Arity.EXACT, ResultKind.ANY, SizeRule.UNUSED, 0, false, false);
    }

    /** Up to {@code max} operands of one kind. */
    static Signature upTo(int max, OperandKind kind) {
        return of().arity(Arity.AT_MOST, Collections.nCopies(max, kind));
    }

    Signature arity(Arity a, List<OperandKind> kinds) {
        return new Signature(kinds, a, result, size, targets, needsSymbol, compares);
    }

    Signature arity(Arity a) {
        return arity(a, operands);
    }

    Signature result(ResultKind r) {
        return new Signature(operands, arity, r, size, targets, needsSymbol, compares);
    }

    Signature size(SizeRule s) {
        return new Signature(operands, arity, result, s, targets, needsSymbol, compares);
    }

    Signature targets(int n) {
        return new Signature(operands, arity, result, size, n, needsSymbol, compares);
    }

    Signature symbol() {
        return new Signature(operands, arity, result, size, targets, true, compares);
    }

    Signature comparing() {
        return new Signature(operands, arity, result, size, targets, needsSymbol, true);
    }

    /** The kind operand {@code k} must have (positions past the list: any). */
    OperandKind operand(int k) {
        return k < operands.size() ? operands.get(k) : OperandKind.ANY;
    }
}
