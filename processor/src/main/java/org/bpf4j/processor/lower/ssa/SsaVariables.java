package org.bpf4j.processor.lower.ssa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * SSA construction for Java local variables while the code is generated, after Braun et al.,
 * "Simple and Efficient Construction of Static Single Assignment Form" (CC 2013): a variable
 * read looks up the definition in the current block, then in its predecessors, placing phis
 * where paths join. Blocks are sealed once all their predecessors are known; reads in an
 * unsealed block (a loop header) get a placeholder phi completed at sealing.
 */
final class SsaVariables {
    private final FunctionBuilder builder;
    private final Map<Block, Map<Object, Value>> definitions = new HashMap<>();
    private final Map<Block, List<Block>> predecessors = new HashMap<>();
    private final Set<Block> sealed = new HashSet<>();
    private final Map<Block, Map<Object, Phi>> incomplete = new HashMap<>();
    private final Map<Object, Type> types = new HashMap<>();

    SsaVariables(FunctionBuilder builder) {
        this.builder = builder;
    }

    /** Records the CFG edge {@code from → to}; called for every branch the lowering emits. */
    void addEdge(Block from, Block to) {
        List<Block> preds = predecessors.computeIfAbsent(to, b -> new ArrayList<>());
        if (!preds.contains(from)) {
            preds.add(from);
        }
    }

    void write(Object variable, Block block, Value value) {
        Type known = types.putIfAbsent(variable, value.type());
        if (known != null && known != value.type()) {
            throw new IllegalStateException("variable " + variable + " of type " + known + " assigned a " + value.type());
        }
        definitions.computeIfAbsent(block, b -> new HashMap<>()).put(variable, value);
    }

    Value read(Object variable, Block block) {
        Value local = definitions.getOrDefault(block, Map.of()).get(variable);
        return local != null ? local : readFromPredecessors(variable, block);
    }

    private Value readFromPredecessors(Object variable, Block block) {
        Type type = types.get(variable);
        if (type == null) {
            throw new IllegalStateException("variable " + variable + " read before any assignment");
        }
        List<Block> preds = predecessors.getOrDefault(block, List.of());
        Value value;
        if (!sealed.contains(block)) {
            Phi phi = phiAt(block, type);
            incomplete.computeIfAbsent(block, b -> new LinkedHashMap<>()).put(variable, phi);
            value = phi;
        } else if (preds.size() == 1) {
            value = read(variable, preds.get(0));
        } else if (preds.isEmpty()) {
            throw new IllegalStateException("variable " + variable + " is not definitely assigned in " + block);
        } else {
            Phi phi = phiAt(block, type);
            write(variable, block, phi);
            addOperands(variable, phi, block);
            value = phi;
        }
        write(variable, block, value);
        return value;
    }

    /** All predecessors of {@code block} are known: completes its placeholder phis. */
    void seal(Block block) {
        if (!sealed.add(block)) {
            return;
        }
        Map<Object, Phi> pending = incomplete.remove(block);
        if (pending != null) {
            pending.forEach((variable, phi) -> addOperands(variable, phi, block));
        }
    }

    private void addOperands(Object variable, Phi phi, Block block) {
        for (Block pred : predecessors.getOrDefault(block, List.of())) {
            phi.addIncoming(pred, read(variable, pred));
        }
    }

    private Phi phiAt(Block block, Type type) {
        Block saved = builder.currentBlock();
        builder.setBlock(block);
        Phi phi = builder.phi(type);
        builder.setBlock(saved);
        return phi;
    }

    /**
     * Removes phis whose operands are all one value (or the phi itself), repeatedly, once the
     * function is complete; what remains joins distinct values.
     */
    static void removeTrivialPhis(Function function) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Block b : function.blocks()) {
                for (Phi phi : b.phis()) {
                    Value same = null;
                    boolean trivial = true;
                    for (Value v : phi.operands()) {
                        if (v == phi || v == same) {
                            continue;
                        }
                        if (same != null) {
                            trivial = false;
                            break;
                        }
                        same = v;
                    }
                    if (trivial && same != null) {
                        function.replaceAllUses(phi, same);
                        b.remove(phi);
                        changed = true;
                    }
                }
            }
        }
    }

    /** Phis can be left without uses; drop those so the IR stays free of dead joins. */
    static void removeUnusedPhis(Function function) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<Value, Integer> uses = function.useCounts();
            for (Block b : function.blocks()) {
                for (Instruction phi : b.phis()) {
                    int n = uses.getOrDefault(phi, 0);
                    long self = phi.operands().stream().filter(v -> v == phi).count();
                    if (n == self) {
                        b.remove(phi);
                        changed = true;
                    }
                }
            }
        }
    }
}
