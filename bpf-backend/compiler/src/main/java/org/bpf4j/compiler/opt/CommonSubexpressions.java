package org.bpf4j.compiler.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;

/**
 * Common subexpression elimination over the dominator tree for pure operations (arithmetic,
 * extensions, address computations, packet headers). Context loads are reused up to the next
 * call or context store, since helpers such as {@code bpf_xdp_adjust_head} move
 * {@code data}/{@code data_end}: within a block, and from a block into a successor whose only
 * predecessor it is (so no other path, with other calls, can lead there).
 */
public final class CommonSubexpressions implements Pass {
    private record Key(Op op, Object type, List<Value> operands, int offset, int size, String symbol) {}

    @Override
    public boolean run(Function f) {
        Dominators dom = new Dominators(f);
        Map<Block, List<Block>> children = Edits.domChildren(dom);
        boolean[] changed = {false};
        walk(f, f.entry(), children, f.predecessors(), new HashMap<>(), new HashMap<>(), changed);
        return changed[0];
    }

    private void walk(Function f, Block b, Map<Block, List<Block>> children, Map<Block, List<Block>> preds,
                      Map<Key, Instruction> available, Map<Key, Instruction> ctxAvailable, boolean[] changed) {
        Map<Key, Instruction> scope = new HashMap<>(available);
        Map<Key, Instruction> ctxLoads = new HashMap<>(ctxAvailable);
        for (Instruction i : new ArrayList<>(b.instructions())) {
            if (i.op().isCall() || i.op() == Op.CTX_STORE) ctxLoads.clear();
            Map<Key, Instruction> table = i.op() == Op.CTX_LOAD ? ctxLoads : isPure(i.op()) ? scope : null;
            if (table == null) continue;
            Key k = key(i);
            Instruction prior = table.get(k);
            if (prior != null) {
                Edits.replace(f, i, prior);
                changed[0] = true;
            } else {
                table.put(k, i);
            }
        }
        for (Block c : children.getOrDefault(b, List.of())) {
            boolean onlyFromHere = preds.get(c).size() == 1 && preds.get(c).get(0) == b;
            walk(f, c, children, preds, scope, onlyFromHere ? ctxLoads : Map.of(), changed);
        }
    }

    private static boolean isPure(Op op) {
        return (op.isArithmetic() && op != Op.PHI) || op == Op.PACKET_HEADER || op == Op.PTR_ADD || op == Op.MAP_ADDR || op == Op.GLOBAL_ADDR;
    }

    private static Key key(Instruction i) {
        List<Value> ops = new ArrayList<>(i.operands());
        if (i.op().isCommutative() && ops.size() == 2 && order(ops.get(0)) > order(ops.get(1))) {
            ops.add(ops.remove(0));
        }
        return new Key(i.op(), i.type(), ops, i.offset(), i.size(), i.symbol());
    }

    private static int order(Value v) {
        return v instanceof Instruction ? ((Instruction) v).id() : Objects.hashCode(v.ref()) & 0x7fffffff | 0x40000000;
    }
}
