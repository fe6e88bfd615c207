package org.bpf4j.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A function in SSA form: either a program entry (its own ELF section such as {@code xdp},
 * one CTX parameter) or a BPF-to-BPF subprogram (section {@code .text}, up to 5 parameters).
 * The first block is the entry. Build one with {@link FunctionBuilder}.
 */
public final class Function {
    private final String name;
    private final String section;
    private final boolean program;
    private final List<Param> params;
    private final Type returnType;
    private final List<Block> blocks = new ArrayList<>();
    private int nextId;

    Function(String name, String section, boolean program, List<Type> paramTypes, Type returnType) {
        this.name = Objects.requireNonNull(name, "name");
        this.section = Objects.requireNonNull(section, "section");
        this.program = program;
        this.returnType = Objects.requireNonNull(returnType, "returnType");
        if (paramTypes.size() > 5) throw new IrException("function " + name + " has " + paramTypes.size() + " parameters; BPF allows 5");
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < paramTypes.size(); i++) {
            Type t = paramTypes.get(i);
            if (t == Type.VOID || t == Type.I8 || t == Type.I16) throw new IrException("function " + name + ": parameter " + i + " cannot be " + t);
            ps.add(new Param(i, t));
        }
        this.params = List.copyOf(ps);
    }

    public String name() { return name; }

    /** ELF section: libbpf's name for programs ({@code xdp}, {@code tc}, ...), {@code .text} for subprograms. */
    public String section() { return section; }

    public boolean isProgram() { return program; }

    public List<Param> params() { return params; }

    public Param param(int i) {
        if (i < 0 || i >= params.size()) throw new IrException("function " + name + " has no parameter " + i);
        return params.get(i);
    }

    public Type returnType() { return returnType; }

    public List<Block> blocks() { return Collections.unmodifiableList(blocks); }

    public Block entry() {
        if (blocks.isEmpty()) throw new IrException("function " + name + " has no blocks");
        return blocks.get(0);
    }

    int nextId() { return nextId++; }

    Block addBlock(String blockName) {
        Block b = new Block(blockName, this);
        blocks.add(b);
        return b;
    }

    /** Deletes a block no longer reachable; removes its entries from successor phis. */
    public void removeBlock(Block b) {
        if (b == entry()) throw new IrException("cannot remove the entry block of " + name);
        for (Block s : b.successors()) {
            for (Phi p : s.phis()) p.removeIncoming(b);
        }
        if (!blocks.remove(b)) throw new IrException("block " + b.name() + " is not in " + name);
        b.function = null;
    }

    /** Reorders blocks (entry must stay first); used by layout passes. */
    public void setBlockOrder(List<Block> order) {
        if (order.size() != blocks.size() || !new LinkedHashSet<>(order).equals(new LinkedHashSet<>(blocks)) || order.get(0) != blocks.get(0)) {
            throw new IrException("block order of " + name + " must be a permutation starting with the entry block");
        }
        blocks.clear();
        blocks.addAll(order);
    }

    /** Predecessors of every block, in block order, computed now. */
    public Map<Block, List<Block>> predecessors() {
        Map<Block, List<Block>> preds = new HashMap<>();
        for (Block b : blocks) preds.put(b, new ArrayList<>());
        for (Block b : blocks) {
            for (Block s : new LinkedHashSet<>(b.successors())) {
                List<Block> l = preds.get(s);
                if (l == null) throw new IrException("block " + b.name() + " of " + name + " branches to " + s.name() + ", which is not in the function");
                l.add(b);
            }
        }
        return preds;
    }

    /** All instructions, block by block. */
    public List<Instruction> instructions() {
        List<Instruction> all = new ArrayList<>();
        for (Block b : blocks) all.addAll(b.instructions());
        return all;
    }

    /** Replaces every use of {@code from} by {@code to} in the whole function. */
    public void replaceAllUses(Value from, Value to) {
        for (Block b : blocks) {
            for (Instruction i : b.instructions()) i.replaceOperand(from, to);
        }
    }

    /** Number of uses of every instruction result. */
    public Map<Value, Integer> useCounts() {
        Map<Value, Integer> counts = new HashMap<>();
        for (Block b : blocks) {
            for (Instruction i : b.instructions()) {
                for (Value v : i.operands()) counts.merge(v, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Blocks reachable from the entry in reverse post-order. */
    public List<Block> reversePostOrder() {
        List<Block> post = new ArrayList<>();
        Set<Block> seen = new java.util.HashSet<>();
        // iterative DFS so that deep CFGs cannot overflow the Java stack
        List<Block> stack = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        stack.add(entry());
        idx.add(0);
        seen.add(entry());
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Block b = stack.get(top);
            List<Block> succ = b.successors();
            int i = idx.get(top);
            if (i < succ.size()) {
                idx.set(top, i + 1);
                Block s = succ.get(i);
                if (seen.add(s)) {
                    stack.add(s);
                    idx.add(0);
                }
            } else {
                post.add(b);
                stack.remove(top);
                idx.remove(top);
            }
        }
        Collections.reverse(post);
        return post;
    }

    @Override
    public String toString() { return IrPrinter.print(this); }
}
