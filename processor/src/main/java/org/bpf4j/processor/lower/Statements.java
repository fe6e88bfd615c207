package org.bpf4j.processor.lower;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.Lowering.JumpKind;
import org.bpf4j.processor.lower.Lowering.JumpTarget;
import org.bpf4j.processor.lower.check.LoopBounds;
import org.bpf4j.processor.lower.check.SubsetChecker;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/** Lowers Java statements to blocks and branches. */
final class Statements {
    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;
    private final LoopBounds bounds;
    private final Deque<SwitchResult> switchResults = new ArrayDeque<>();

    Statements(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
        this.bounds = new LoopBounds(lowering.typed());
    }

    void lower(StatementTree s) {
        if (!flow.reachable()) {
            return;
        }
        lowering.at(s);
        switch (s.getKind()) {
            case BLOCK:
                for (StatementTree inner : ((BlockTree) s).getStatements()) {
                    lower(inner);
                }
                return;
            case EMPTY_STATEMENT:
                return;
            case VARIABLE:
                declare((VariableTree) s);
                return;
            case EXPRESSION_STATEMENT:
                lowering.expressions().lower(((ExpressionStatementTree) s).getExpression());
                return;
            case IF:
                ifStatement((IfTree) s);
                return;
            case RETURN:
                returnStatement((ReturnTree) s);
                return;
            case FOR_LOOP:
                forLoop((ForLoopTree) s, null);
                return;
            case ENHANCED_FOR_LOOP:
                forEach((EnhancedForLoopTree) s, null);
                return;
            case WHILE_LOOP:
                whileLoop((WhileLoopTree) s, null);
                return;
            case DO_WHILE_LOOP:
                doWhileLoop((DoWhileLoopTree) s, null);
                return;
            case SWITCH:
                switchStatement((SwitchTree) s, null);
                return;
            case LABELED_STATEMENT:
                labeled((LabeledStatementTree) s);
                return;
            case BREAK: {
                BreakTree b = (BreakTree) s;
                flow.jump(lowering.jumpTarget(b.getLabel() == null ? null : b.getLabel().toString(), false, s).breakTo());
                return;
            }
            case CONTINUE: {
                ContinueTree c = (ContinueTree) s;
                flow.jump(lowering.jumpTarget(c.getLabel() == null ? null : c.getLabel().toString(), true, s).continueTo());
                return;
            }
            case YIELD:
                yieldStatement((YieldTree) s);
                return;
            default:
                throw Lowering.error(s, SubsetChecker.unsupportedStatement(s));
        }
    }

    // ------------------------------------------------------------------ declarations, if, return

    private void declare(VariableTree v) {
        Element e = lowering.typed().element(v);
        TypeKind kind = e.asType().getKind();
        ExpressionTree init = v.getInitializer();
        if (kind.isPrimitive()) {
            if (init != null) {
                assign(e, lowering.expressions().scalar(init));
            }
            return;
        }
        if (init == null) {
            throw Lowering.error(v, "'" + v.getName() + "' must be initialized where it is declared: BPF code keeps struct, "
                    + "array and map value references in one variable each");
        }
        bind(v, lowering.expressions().lower(init), init);
    }

    /** Gives the primitive local {@code e} the value {@code value}, converted to its type. */
    private void assign(Element e, Scalar value) {
        flow.write(lowering.variable(e), lowering.expressions().convert(value, e.asType().getKind()).value());
    }

    /** Binds the reference local {@code v} (a struct, array or map value) to {@code value}. */
    private void bind(VariableTree v, JValue value, ExpressionTree init) {
        Element e = lowering.typed().element(v);
        if (value instanceof JValue.Null) {
            throw Lowering.error(init, "'" + v.getName() + "' cannot start as null: declare it where it gets its value");
        }
        if (value instanceof JValue.Text || value instanceof JValue.ClassLiteral) {
            throw Lowering.error(init, "strings and class literals cannot be stored in BPF code: pass them to a helper directly");
        }
        lowering.frame().bindings.put(e, value);
    }

    private void ifStatement(IfTree s) {
        Block then = flow.newBlock("then");
        Block join = flow.newBlock("endif");
        Block otherwise = s.getElseStatement() == null ? join : flow.newBlock("else");
        lowering.conditions().condition(s.getCondition(), then, otherwise);
        flow.enterSealed(then);
        lower(s.getThenStatement());
        flow.jump(join);
        if (s.getElseStatement() != null) {
            flow.enterSealed(otherwise);
            lower(s.getElseStatement());
            flow.jump(join);
        }
        flow.enterSealed(join);
    }

    private void returnStatement(ReturnTree r) {
        Lowering.Frame frame = lowering.frame();
        TypeKind kind = frame.method.getReturnType().getKind();
        JValue value = r.getExpression() == null ? null : lowering.expressions().lower(r.getExpression());
        if (value != null && kind.isPrimitive()) {
            value = lowering.expressions().convert(lowering.expressions().toScalar(value, r.getExpression()), kind);
        }
        if (frame.returnBlock == null) {
            for (Value record : flow.unreleased()) {
                Tree reserve = lowering.reservations().get(record);
                SourcePos at = reserve == null ? null : lowering.positions().of(reserve);
                throw Lowering.error(r, "the ring buffer record reserved" + (at == null ? "" : " on line " + at.line())
                        + " is neither submitted nor discarded on the way to this return: the verifier rejects programs that "
                        + "keep a reservation; call submit(record) or discard(record) first");
            }
            flow.ret(value == null ? null : ((Scalar) value).value());
            return;
        }
        frame.returnFrom.add(builder.currentBlock());
        frame.returnValues.add(value);
        flow.jump(frame.returnBlock);
    }

    // ------------------------------------------------------------------ loops

    private LoopBounds.Counted requireBound(Tree loop, LoopBounds.Result result) {
        if (!result.isBounded()) {
            throw Lowering.error(loop, "loop without a provable bound: " + result.reason() + ". The BPF verifier only accepts "
                    + "loops that terminate; write for (int i = 0; i < N; i++) with a constant N (use break to leave early)");
        }
        return result.counted();
    }

    private void forLoop(ForLoopTree loop, String label) {
        LoopBounds.Counted counted = requireBound(loop, bounds.of(loop));
        for (StatementTree init : loop.getInitializer()) {
            lower(init);
        }
        counted = startingHere(counted);
        long trips = counted.trips();
        if (bounds.unrolls(counted, loop.getStatement(), trips)) {
            unrolled(loop.getStatement(), label, counted, trips);
            return;
        }
        Block header = flow.newBlock("loop");
        Block body = flow.newBlock("body");
        Block latch = flow.newBlock("next");
        Block exit = flow.newBlock("endloop");
        flow.jump(header);
        flow.enter(header);
        lowering.conditions().condition(loop.getCondition(), body, exit);
        flow.enterSealed(body);
        boolean counts = counted.start() != null && counted.step() == 1
                && (counted.cmp() == Tree.Kind.LESS_THAN || counted.cmp() == Tree.Kind.LESS_THAN_EQUAL);
        if (counts) {
            long end = counted.cmp() == Tree.Kind.LESS_THAN ? counted.limit() : counted.limit() + 1;
            flow.countedLoopBody(flow.read(lowering.variable(counted.counter())), counted.start(), end);
        }
        lowering.pushJump(new JumpTarget(label, JumpKind.LOOP, exit, latch));
        lower(loop.getStatement());
        lowering.popJump();
        flow.jump(latch);
        flow.enterSealed(latch);
        for (ExpressionStatementTree update : loop.getUpdate()) {
            lower(update);
        }
        flow.jump(header);
        flow.seal(header);
        flow.enterSealed(exit);
        if (counts) {
            flow.countedLoopExited(containsBreak(loop.getStatement()));
        }
    }

    /** Whether {@code statement} has a break anywhere in it (which may leave the loop before its last iteration). */
    private static boolean containsBreak(StatementTree statement) {
        Boolean found = new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitBreak(BreakTree tree, Void unused) {
                return true;
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(statement, null);
        return Boolean.TRUE.equals(found);
    }

    /**
     * One copy of the body per iteration, the counter a constant in each (a while or do body's own
     * step, its last statement, computes the next constant, which the next copy writes again).
     */
    private void unrolled(StatementTree body, String label, LoopBounds.Counted counted, long trips) {
        Object counter = lowering.variable(counted.counter());
        TypeKind kind = counted.counter().asType().getKind();
        Block exit = flow.newBlock("endloop");
        long i = counted.start();
        for (long k = 0; k < trips; k++) {
            Block next = flow.newBlock("iter");
            flow.write(counter, Constant.of(Scalar.irType(kind), i));
            lowerBody(body, label, exit, next);
            flow.enterSealed(next);
            i = counted.next(i);
        }
        flow.write(counter, Constant.of(Scalar.irType(kind), i));
        flow.jump(exit);
        flow.enterSealed(exit);
    }

    /**
     * The bound of a loop with its start when the counter holds a constant on entry, also when it
     * is set before the loop ({@code int i = 0; while (i < 4) { ...; i++; }}).
     */
    private LoopBounds.Counted startingHere(LoopBounds.Counted counted) {
        return flow.read(lowering.variable(counted.counter())) instanceof Constant c ? counted.startingAt(c.value()) : counted;
    }

    /**
     * {@code for (T x : a)} over an array of constant length, as {@code for (int i = 0; i <
     * a.length; i++) { T x = a[i]; ... }} with {@code a} evaluated once: unrolled when short (and
     * always over arrays in the context or a packet, which take constant offsets only), else a
     * loop whose unsigned test of the counter is also the bounds check of the element it reads.
     */
    private void forEach(EnhancedForLoopTree loop, String label) {
        ExpressionTree expression = loop.getExpression();
        JValue array = lowering.expressions().lower(expression);
        int length;
        if (array instanceof JValue.Array a) {
            length = a.length();
        } else if (array instanceof JValue.ContextArray c) {
            length = c.length();
        } else {
            throw Lowering.error(expression, "'" + expression + "' is not an array in BPF memory: for-each iterates over "
                    + "arrays of constant length only (new T[N], array members of @BpfStruct values and of the context)");
        }
        VariableTree variable = loop.getVariable();
        if (length <= LoopBounds.UNROLL_LIMIT || Places.constantOffsetsOnly(array)) {
            Block exit = flow.newBlock("endloop");
            for (int i = 0; i < length && flow.reachable(); i++) {
                Block next = flow.newBlock("iter");
                element(variable, lowering.places().element(array, i, expression), expression);
                lowerBody(loop.getStatement(), label, exit, next);
                flow.enterSealed(next);
            }
            flow.jump(exit);
            flow.enterSealed(exit);
            return;
        }
        JValue.Array a = (JValue.Array) array;
        if (a.elementLayout() != null) {
            throw Lowering.error(expression, "for-each over an array of " + length + " structs: elements of struct arrays are "
                    + "addressed at constant offsets, so such a loop must be unrolled, which is done for at most "
                    + LoopBounds.UNROLL_LIMIT + " elements; iterate over part of it with for (int i = 0; i < " + LoopBounds.UNROLL_LIMIT + "; i++)");
        }
        Object index = new ForEachIndex(loop);
        flow.write(index, Constant.i32(0));
        Block header = flow.newBlock("foreach");
        Block body = flow.newBlock("body");
        Block latch = flow.newBlock("next");
        Block exit = flow.newBlock("endloop");
        flow.jump(header);
        flow.enter(header);
        flow.branch(Cmp.ULT, flow.read(index), Constant.i32(length), body, exit);
        flow.enterSealed(body);
        element(variable, lowering.places().inBoundsElement(a, flow.read(index), expression), expression);
        lowerBody(loop.getStatement(), label, exit, latch);
        flow.enterSealed(latch);
        if (flow.reachable()) {
            flow.write(index, builder.add(flow.read(index), Constant.i32(1)));
        }
        flow.jump(header);
        flow.seal(header);
        flow.enterSealed(exit);
    }

    /** The hidden counter of a for-each loop that is not unrolled. */
    private record ForEachIndex(EnhancedForLoopTree loop) {}

    /** The loop variable of a for-each takes the element's value. */
    private void element(VariableTree variable, JValue value, ExpressionTree expression) {
        Element e = lowering.typed().element(variable);
        if (e.asType().getKind().isPrimitive()) {
            assign(e, lowering.expressions().toScalar(value, expression));
        } else {
            bind(variable, value, expression);
        }
    }

    /** One copy of a loop body: break leaves to {@code exit}, continue goes to {@code next}, as does the end. */
    private void lowerBody(StatementTree body, String label, Block exit, Block next) {
        lowering.pushJump(new JumpTarget(label, JumpKind.LOOP, exit, next));
        lower(body);
        lowering.popJump();
        flow.jump(next);
    }

    private void whileLoop(WhileLoopTree loop, String label) {
        LoopBounds.Counted counted = startingHere(requireBound(loop, bounds.of(loop)));
        long trips = counted.trips();
        if (bounds.unrolls(counted, loop.getStatement(), trips)) {
            unrolled(loop.getStatement(), label, counted, trips);
            return;
        }
        Block header = flow.newBlock("while");
        Block body = flow.newBlock("body");
        Block exit = flow.newBlock("endwhile");
        flow.jump(header);
        flow.enter(header);
        lowering.conditions().condition(loop.getCondition(), body, exit);
        flow.enterSealed(body);
        lowering.pushJump(new JumpTarget(label, JumpKind.LOOP, exit, header));
        lower(loop.getStatement());
        lowering.popJump();
        flow.jump(header);
        flow.seal(header);
        flow.enterSealed(exit);
    }

    private void doWhileLoop(DoWhileLoopTree loop, String label) {
        LoopBounds.Counted counted = startingHere(requireBound(loop, bounds.of(loop)));
        // the body runs once before the first test, which sees the counter's next value
        long trips = counted.start() == null ? -1 : 1 + counted.startingAt(counted.next(counted.start())).trips();
        if (bounds.unrolls(counted, loop.getStatement(), trips)) {
            unrolled(loop.getStatement(), label, counted, trips);
            return;
        }
        Block body = flow.newBlock("do");
        Block test = flow.newBlock("dotest");
        Block exit = flow.newBlock("enddo");
        flow.jump(body);
        flow.enter(body);
        lowering.pushJump(new JumpTarget(label, JumpKind.LOOP, exit, test));
        lower(loop.getStatement());
        lowering.popJump();
        flow.jump(test);
        flow.enterSealed(test);
        lowering.conditions().condition(loop.getCondition(), body, exit);
        flow.seal(body);
        flow.enterSealed(exit);
    }

    private void labeled(LabeledStatementTree s) {
        String label = s.getLabel().toString();
        StatementTree inner = s.getStatement();
        lowering.at(inner);
        switch (inner.getKind()) {
            case FOR_LOOP:
                forLoop((ForLoopTree) inner, label);
                return;
            case ENHANCED_FOR_LOOP:
                forEach((EnhancedForLoopTree) inner, label);
                return;
            case WHILE_LOOP:
                whileLoop((WhileLoopTree) inner, label);
                return;
            case DO_WHILE_LOOP:
                doWhileLoop((DoWhileLoopTree) inner, label);
                return;
            case SWITCH:
                switchStatement((SwitchTree) inner, label);
                return;
            default: {
                Block exit = flow.newBlock("endlabel");
                lowering.pushJump(new JumpTarget(label, JumpKind.BLOCK, exit, null));
                lower(inner);
                lowering.popJump();
                flow.jump(exit);
                flow.enterSealed(exit);
            }
        }
    }

    // ------------------------------------------------------------------ switch

    private void switchStatement(SwitchTree s, String label) {
        Block exit = flow.newBlock("endswitch");
        lowering.pushJump(new JumpTarget(label, JumpKind.SWITCH, exit, null));
        cases(s.getExpression(), s.getCases(), exit, null);
        lowering.popJump();
        flow.jump(exit);
        flow.enterSealed(exit);
    }

    /** The value of a switch expression: the arms' values (or yields) joined. */
    JValue switchExpression(SwitchExpressionTree s) {
        Block exit = flow.newBlock("endswitch");
        TypeKind kind = lowering.typed().kind(s);
        SwitchResult result = new SwitchResult(exit, kind);
        switchResults.push(result);
        lowering.pushJump(new JumpTarget(null, JumpKind.SWITCH, exit, null));
        cases(s.getExpression(), s.getCases(), exit, result);
        lowering.popJump();
        switchResults.pop();
        flow.enterSealed(exit);
        return lowering.conditions().merge(result.from, result.values, s);
    }

    private void cases(ExpressionTree selector, List<? extends CaseTree> cases, Block exit, SwitchResult result) {
        Scalar value = lowering.expressions().scalar(selector);
        if (value.kind() == TypeKind.LONG || value.kind() == TypeKind.BOOLEAN) {
            throw Lowering.error(selector, "switch on " + value.kind().toString().toLowerCase() + " is not supported");
        }
        Scalar sel = lowering.expressions().promote(value);
        boolean kernelEnum = KernelStructs.isKernelEnum(lowering.typed().type(selector));
        List<Block> bodies = new ArrayList<>();
        Block defaultBody = null;
        for (CaseTree c : cases) {
            Block body = flow.newBlock("case");
            bodies.add(body);
            if (c.getExpressions().isEmpty()) {
                defaultBody = body;
            }
        }
        if (kernelEnum && defaultBody == null && result != null) {
            throw Lowering.error(Expressions.strip(selector), "a switch expression over a @KernelEnum member needs a default: "
                    + "the running kernel's member may hold an enumerator the enum does not declare");
        }
        for (int i = 0; i < cases.size(); i++) {
            for (ExpressionTree label : cases.get(i).getExpressions()) {
                Block next = flow.newBlock("nextcase");
                flow.branch(Cmp.EQ, sel.value(), kernelEnum ? enumerator(label) : intConstant(label), bodies.get(i), next);
                flow.enterSealed(next);
            }
        }
        flow.jump(defaultBody != null ? defaultBody : exit);
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            flow.enterSealed(bodies.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                rule(c.getBody(), result);
                flow.jump(exit);
            } else {
                for (StatementTree st : c.getStatements()) {
                    lower(st);
                }
                flow.jump(i + 1 < cases.size() ? bodies.get(i + 1) : exit);
            }
        }
    }

    private Value intConstant(ExpressionTree label) {
        long constant = lowering.constants().integral(label).orElseThrow(() -> Lowering.error(label,
                "case label '" + label + "' is not an integer constant: BPF switches compare int values"));
        return Constant.i32((int) constant);
    }

    /** A case of a kernel enum is the running kernel's value of the enumerator, relocated like any use of it. */
    private Value enumerator(ExpressionTree label) {
        VariableElement constant = (VariableElement) lowering.typed().element(label);
        return ((Scalar) lowering.kernel().enumerator(constant)).value();
    }

    private void rule(Tree body, SwitchResult result) {
        if (!flow.reachable()) {
            return;
        }
        if (body instanceof ExpressionTree e) {
            lowering.at(e);
            JValue v = lowering.expressions().lower(e);
            if (result != null && flow.reachable()) {
                result.add(lowering, v, e);
            }
        } else {
            lower((StatementTree) body);
        }
    }

    private void yieldStatement(YieldTree y) {
        SwitchResult result = switchResults.peek();
        if (result == null) {
            throw Lowering.error(y, "yield outside a switch expression");
        }
        JValue v = lowering.expressions().lower(y.getValue());
        result.add(lowering, v, y.getValue());
        flow.jump(result.exit);
    }

    /** The values a switch expression's arms produce, by the block they leave from. */
    private static final class SwitchResult {
        final Block exit;
        final TypeKind kind;
        final List<Block> from = new ArrayList<>();
        final List<JValue> values = new ArrayList<>();

        SwitchResult(Block exit, TypeKind kind) {
            this.exit = exit;
            this.kind = kind;
        }

        void add(Lowering lowering, JValue v, Tree tree) {
            JValue value = kind.isPrimitive() ? lowering.expressions().convert(lowering.expressions().toScalar(v, tree), kind) : v;
            from.add(lowering.builder().currentBlock());
            values.add(value);
        }
    }
}
