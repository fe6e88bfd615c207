package org.bpf4j.processor.lower.check;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.bpf4j.processor.lower.source.ConstantValues;
import org.bpf4j.processor.lower.source.TypedTrees;

/**
 * Recognises loops whose trip count is bounded: a counter local compared with a constant,
 * stepped by a constant towards it exactly once per iteration and assigned nowhere else. The
 * verifier must see every loop terminate; these are the loops it (and the compiler) can prove.
 */
public final class LoopBounds {
    /** Counted loops of at most this many iterations are unrolled, so that their counter is a constant in each copy. */
    public static final int UNROLL_LIMIT = 16;
    /**
     * Syntax nodes of all copies together above which a loop whose body does not read its counter
     * stays a loop: unrolled, such a body gains no constant and only grows (clang's full unrolling
     * has a size threshold too).
     */
    static final int UNROLL_BUDGET = 400;

    /**
     * A counted loop: {@code counter} starts at {@code start} (when the loop's own initializer
     * sets it to a constant) and moves by {@code step} while {@code counter cmp limit} holds.
     */
    public record Counted(Element counter, Long start, long step, Tree.Kind cmp, long limit, boolean wide) {
        /** Iterations when the start is known, else -1. */
        public long trips() {
            if (start == null) {
                return -1;
            }
            long n = 0;
            long i = start;
            while (holds(i) && n <= UNROLL_LIMIT) {
                n++;
                i = next(i);
            }
            return n;
        }

        /** The counter's value after one step from {@code i}, wrapping as its Java type does. */
        public long next(long i) {
            return wide ? i + step : (int) (i + step);
        }

        /** This loop with the counter known to hold {@code value} on entry. */
        public Counted startingAt(long value) {
            return new Counted(counter, value, step, cmp, limit, wide);
        }

        boolean holds(long i) {
            switch (cmp) {
                case LESS_THAN: return i < limit;
                case LESS_THAN_EQUAL: return i <= limit;
                case GREATER_THAN: return i > limit;
                case GREATER_THAN_EQUAL: return i >= limit;
                default: return i != limit;
            }
        }
    }

    private final TypedTrees typed;
    private final ConstantValues constants;

    public LoopBounds(TypedTrees typed) {
        this.typed = typed;
        this.constants = new ConstantValues(typed);
    }

    /** The bound of a {@code for} loop, or a message saying why it has none. */
    public Result of(ForLoopTree loop) {
        if (loop.getCondition() == null) {
            return Result.unbounded("it has no condition");
        }
        if (loop.getUpdate().size() != 1) {
            return Result.unbounded("its update is not a single step of the counter");
        }
        Optional<Step> step = step(loop.getUpdate().get(0));
        Long start = null;
        if (step.isPresent()) {
            for (StatementTree init : loop.getInitializer()) {
                start = initialValue(init, step.get().counter).orElse(start);
            }
        }
        return counted(loop.getCondition(), step, start, loop.getStatement(), false);
    }

    public Result of(WhileLoopTree loop) {
        return ofBodyStep(loop, loop.getCondition(), loop.getStatement());
    }

    public Result of(DoWhileLoopTree loop) {
        return ofBodyStep(loop, loop.getCondition(), loop.getStatement());
    }

    /** while/do loops: the counter's step must be the last statement of the body, with no continue of this loop before it. */
    private Result ofBodyStep(Tree loop, ExpressionTree condition, StatementTree body) {
        List<? extends StatementTree> statements = body instanceof BlockTree b ? b.getStatements() : List.of(body);
        if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof ExpressionStatementTree last)) {
            return Result.unbounded("its body does not end by stepping a counter (e.g. i++)");
        }
        Optional<Step> step = step(last);
        if (step.isPresent() && continuesLoop(body, labelOf(loop))) {
            return Result.unbounded("a continue may skip the counter's step at the end of the body");
        }
        return counted(condition, step, null, body, true);
    }

    private Result counted(ExpressionTree condition, Optional<Step> step, Long start, StatementTree body, boolean stepInBody) {
        if (step.isEmpty()) {
            return Result.unbounded("it does not step a counter by a constant (i++, i--, i += c, i -= c)");
        }
        Element counter = step.get().counter;
        ExpressionTree cond = strip(condition);
        if (!(cond instanceof BinaryTree b)) {
            return Result.unbounded("its condition is not a comparison of the counter with a constant");
        }
        Tree.Kind kind = b.getKind();
        ExpressionTree left = strip(b.getLeftOperand());
        ExpressionTree right = strip(b.getRightOperand());
        Optional<Long> limit;
        if (isCounter(left, counter)) {
            limit = constants.integral(right);
        } else if (isCounter(right, counter)) {
            limit = constants.integral(left);
            kind = mirror(kind);
        } else {
            return Result.unbounded("its condition does not compare the counter '" + counter.getSimpleName() + "'");
        }
        if (limit.isEmpty()) {
            return Result.unbounded("the counter is not compared with a compile-time constant");
        }
        long s = step.get().delta;
        boolean towards;
        switch (kind) {
            case LESS_THAN: case LESS_THAN_EQUAL: towards = s > 0; break;
            case GREATER_THAN: case GREATER_THAN_EQUAL: towards = s < 0; break;
            case NOT_EQUAL_TO: towards = s == 1 || s == -1; break;
            default: return Result.unbounded("its condition is not <, <=, >, >= or != on the counter");
        }
        if (!towards) {
            return Result.unbounded("the counter does not move towards the bound");
        }
        boolean wide = counter.asType().getKind() == TypeKind.LONG;
        long max = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long min = wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
        if (kind == Tree.Kind.LESS_THAN_EQUAL && limit.get() > max - s || kind == Tree.Kind.GREATER_THAN_EQUAL && limit.get() < min - s) {
            return Result.unbounded("the counter would overflow before reaching the bound");
        }
        int assignments = assignmentsOf(body, counter);
        if (assignments > (stepInBody ? 1 : 0)) {
            return Result.unbounded("the body also assigns the counter '" + counter.getSimpleName() + "'");
        }
        return Result.bounded(new Counted(counter, start, s, kind, limit.get(), wide));
    }

    /**
     * Whether a loop of {@code trips} iterations over {@code body} is unrolled: always when the
     * body reads the counter (constant offsets into struct and context arrays need it to be a
     * constant), else when the copies stay small.
     */
    public boolean unrolls(Counted counted, StatementTree body, long trips) {
        if (trips < 0 || trips > UNROLL_LIMIT) return false;
        int[] reads = {0}, nodes = {0};
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (tree != null) nodes[0]++;
                return super.scan(tree, p);
            }

            @Override
            public Void visitIdentifier(IdentifierTree node, Void p) {
                if (isCounter(node, counted.counter())) reads[0]++;
                return super.visitIdentifier(node, p);
            }
        }.scan(body, null);
        return reads[0] > assignmentsOf(body, counted.counter()) || trips * nodes[0] <= UNROLL_BUDGET;
    }

    private static Tree.Kind mirror(Tree.Kind k) {
        switch (k) {
            case LESS_THAN: return Tree.Kind.GREATER_THAN;
            case LESS_THAN_EQUAL: return Tree.Kind.GREATER_THAN_EQUAL;
            case GREATER_THAN: return Tree.Kind.LESS_THAN;
            case GREATER_THAN_EQUAL: return Tree.Kind.LESS_THAN_EQUAL;
            default: return k;
        }
    }

    private record Step(Element counter, long delta) {}

    private Optional<Step> step(StatementTree statement) {
        if (!(statement instanceof ExpressionStatementTree es)) {
            return Optional.empty();
        }
        ExpressionTree e = es.getExpression();
        switch (e.getKind()) {
            case POSTFIX_INCREMENT: case PREFIX_INCREMENT:
                return local(((UnaryTree) e).getExpression()).map(c -> new Step(c, 1));
            case POSTFIX_DECREMENT: case PREFIX_DECREMENT:
                return local(((UnaryTree) e).getExpression()).map(c -> new Step(c, -1));
            case PLUS_ASSIGNMENT: case MINUS_ASSIGNMENT: {
                CompoundAssignmentTree c = (CompoundAssignmentTree) e;
                Optional<Long> delta = constants.integral(c.getExpression()).filter(d -> d != 0);
                long sign = e.getKind() == Tree.Kind.PLUS_ASSIGNMENT ? 1 : -1;
                return local(c.getVariable()).flatMap(v -> delta.map(d -> new Step(v, sign * d)));
            }
            default:
                return Optional.empty();
        }
    }

    private Optional<Long> initialValue(StatementTree init, Element counter) {
        if (init instanceof VariableTree v && typed.element(v).equals(counter) && v.getInitializer() != null) {
            return constants.integral(v.getInitializer());
        }
        if (init instanceof ExpressionStatementTree es && es.getExpression() instanceof AssignmentTree a
                && local(a.getVariable()).filter(counter::equals).isPresent()) {
            return constants.integral(a.getExpression());
        }
        return Optional.empty();
    }

    private Optional<Element> local(ExpressionTree e) {
        ExpressionTree s = strip(e);
        if (!(s instanceof IdentifierTree)) {
            return Optional.empty();
        }
        Element el = typed.element(s);
        boolean integral = el != null && (el.asType().getKind() == TypeKind.INT || el.asType().getKind() == TypeKind.LONG);
        return el != null && integral && (el.getKind() == ElementKind.LOCAL_VARIABLE || el.getKind() == ElementKind.PARAMETER)
                ? Optional.of(el) : Optional.empty();
    }

    private boolean isCounter(ExpressionTree e, Element counter) {
        return local(e).filter(counter::equals).isPresent();
    }

    private static ExpressionTree strip(ExpressionTree e) {
        while (e instanceof ParenthesizedTree p) {
            e = p.getExpression();
        }
        return e;
    }

    private int assignmentsOf(Tree body, Element counter) {
        int[] count = {0};
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree node, Void p) {
                if (isCounter(node.getVariable(), counter)) {
                    count[0]++;
                }
                return super.visitAssignment(node, p);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void p) {
                if (isCounter(node.getVariable(), counter)) {
                    count[0]++;
                }
                return super.visitCompoundAssignment(node, p);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void p) {
                boolean step = node.getKind() == Tree.Kind.POSTFIX_INCREMENT || node.getKind() == Tree.Kind.PREFIX_INCREMENT
                        || node.getKind() == Tree.Kind.POSTFIX_DECREMENT || node.getKind() == Tree.Kind.PREFIX_DECREMENT;
                if (step && isCounter(node.getExpression(), counter)) {
                    count[0]++;
                }
                return super.visitUnary(node, p);
            }
        }.scan(body, null);
        return count[0];
    }

    private String labelOf(Tree loop) {
        TreePath path = TreePath.getPath(typed.unit(), loop);
        Tree parent = path == null ? null : path.getParentPath().getLeaf();
        return parent instanceof LabeledStatementTree l ? l.getLabel().toString() : null;
    }

    /**
     * Whether {@code body} holds a continue of its own loop: an unlabeled one outside the loops
     * nested in the body, or one naming {@code label}. A continue of an inner loop stays inside
     * the body; one of an outer loop leaves this loop for good.
     */
    private static boolean continuesLoop(Tree body, String label) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitContinue(ContinueTree node, Integer depth) {
                found[0] |= node.getLabel() == null ? depth == 0 : label != null && node.getLabel().contentEquals(label);
                return null;
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Integer depth) {
                return super.visitForLoop(node, depth + 1);
            }

            @Override
            public Void visitEnhancedForLoop(EnhancedForLoopTree node, Integer depth) {
                return super.visitEnhancedForLoop(node, depth + 1);
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Integer depth) {
                return super.visitWhileLoop(node, depth + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Integer depth) {
                return super.visitDoWhileLoop(node, depth + 1);
            }
        }.scan(body, 0);
        return found[0];
    }

    /** Either a counted loop or the reason the loop is not provably bounded. */
    public record Result(Counted counted, String reason) {
        static Result bounded(Counted c) {
            return new Result(c, null);
        }

        static Result unbounded(String reason) {
            return new Result(null, reason);
        }

        public boolean isBounded() {
            return counted != null;
        }
    }
}
