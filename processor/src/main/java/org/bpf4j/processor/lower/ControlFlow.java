package org.bpf4j.processor.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.backend.ir.Block;
import org.bpf4j.backend.ir.Cmp;
import org.bpf4j.backend.ir.Constant;
import org.bpf4j.backend.ir.Function;
import org.bpf4j.backend.ir.FunctionBuilder;
import org.bpf4j.backend.ir.Value;

/**
 * The function under construction seen as structured control flow: blocks, branches, SSA
 * variables and, per block, the maybe-null pointers already proven non-null on every path that
 * reaches it (the facts behind "used before its null check" errors).
 */
final class ControlFlow {
    private final FunctionBuilder builder;
    private final SsaVariables variables;
    private final Map<Block, Set<Value>> entryFacts = new HashMap<>();
    private final Set<Block> reached = new HashSet<>();
    private Set<Value> facts = new HashSet<>();
    private boolean reachable = true;

    ControlFlow(FunctionBuilder builder) {
        this.builder = builder;
        this.variables = new SsaVariables(builder);
        Block entry = builder.currentBlock();
        reached.add(entry);
        variables.seal(entry);
    }

    FunctionBuilder builder() {
        return builder;
    }

    Block newBlock(String name) {
        return builder.newBlock(name);
    }

    /** False after return, break or continue, until a block with a predecessor is entered. */
    boolean reachable() {
        return reachable;
    }

    /** Continues in {@code block}; it is unreachable when no branch leads there. */
    void enter(Block block) {
        builder.setBlock(block);
        reachable = reached.contains(block);
        Set<Value> known = entryFacts.get(block);
        facts = known == null ? new HashSet<>() : new HashSet<>(known);
    }

    /** Enters {@code block} and seals it: every branch to it has been emitted. */
    void enterSealed(Block block) {
        variables.seal(block);
        enter(block);
    }

    void seal(Block block) {
        variables.seal(block);
    }

    void jump(Block target) {
        if (!reachable) {
            return;
        }
        edge(target, Set.of());
        builder.br(target);
        reachable = false;
    }

    /** {@code if (a cmp b) goto ifTrue else goto ifFalse}, recording null tests as facts. */
    void branch(Cmp cmp, Value a, Value b, Block ifTrue, Block ifFalse) {
        if (!reachable) {
            return;
        }
        Set<Value> trueFacts = Set.of();
        Set<Value> falseFacts = Set.of();
        if (b instanceof Constant c && c.isNull() && (cmp == Cmp.EQ || cmp == Cmp.NE)) {
            if (cmp == Cmp.EQ) {
                falseFacts = Set.of(a);
            } else {
                trueFacts = Set.of(a);
            }
        }
        edge(ifTrue, trueFacts);
        edge(ifFalse, falseFacts);
        builder.condBr(cmp, a, b, ifTrue, ifFalse);
        reachable = false;
    }

    void ret(Value value) {
        if (!reachable) {
            return;
        }
        builder.ret(value);
        reachable = false;
    }

    private void edge(Block target, Set<Value> extra) {
        variables.addEdge(builder.currentBlock(), target);
        Set<Value> out = new HashSet<>(facts);
        out.addAll(extra);
        if (reached.add(target)) {
            entryFacts.put(target, out);
        } else {
            entryFacts.get(target).retainAll(out);
        }
    }

    /** Whether {@code pointer} is known non-null here (no test is needed for non-nullable kinds). */
    boolean isNonNull(Value pointer) {
        return !pointer.type().isMaybeNull() || facts.contains(pointer);
    }

    void write(Object variable, Value value) {
        variables.write(variable, builder.currentBlock(), value);
    }

    Value read(Object variable) {
        return variables.read(variable, builder.currentBlock());
    }

    /** Removes the blocks no branch reached and the phis construction left trivial or unused. */
    Function finish() {
        Function f = builder.function();
        List<Block> unreached = new ArrayList<>();
        for (Block b : f.blocks()) {
            if (!reached.contains(b)) {
                unreached.add(b);
            }
        }
        unreached.forEach(f::removeBlock);
        SsaVariables.removeTrivialPhis(f);
        SsaVariables.removeUnusedPhis(f);
        // Definitions before uses in block order, and the source order of branches kept as far as possible.
        f.setBlockOrder(f.reversePostOrder());
        return f;
    }
}
