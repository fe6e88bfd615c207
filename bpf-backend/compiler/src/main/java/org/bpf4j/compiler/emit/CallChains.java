package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.IrException;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.regalloc.FrameOverflowException;
import org.bpf4j.object.isa.BpfStack;

/**
 * The kernel's limit on BPF-to-BPF call chains, checked once every frame's size is known (after
 * register allocation, spills included): the frames of a chain, each rounded up to 32 bytes as
 * the verifier counts them, must fit in 512 bytes together; and no function may reach itself.
 */
final class CallChains {
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, Integer> frames = new HashMap<>();
    private final Map<String, Integer> depths = new HashMap<>();

    /** Records {@code f}, whose allocated frame is {@code frameBytes}. */
    void add(Function f, int frameBytes) {
        functions.put(f.name(), f);
        frames.put(f.name(), frameBytes);
    }

    /** Fails with the offending chain when a program's deepest chain is over the limit or a call cycle exists. */
    void check() {
        for (Function f : functions.values()) {
            if (f.isProgram()) {
                int depth = depth(f.name(), new LinkedHashSet<>());
                if (depth > BpfStack.LIMIT) {
                    throw new FrameOverflowException("the BPF-to-BPF call chain " + String.join(" -> ", deepest(f.name()))
                            + " needs " + depth + " bytes of stack (each frame rounded up to 32 bytes, spills included); "
                            + "the kernel allows " + BpfStack.LIMIT + " for a whole chain: make locals smaller, or keep large "
                            + "data in a per-CPU array map");
                }
            }
        }
    }

    private int depth(String name, Set<String> path) {
        Integer known = depths.get(name);
        if (known != null) return known;
        if (!path.add(name)) throw new IrException("call cycle " + String.join(" -> ", path) + " -> " + name + ": BPF cannot recurse");
        int deepest = 0;
        for (String callee : callees(name)) deepest = Math.max(deepest, depth(callee, path));
        path.remove(name);
        int depth = BpfStack.chainFrameBytes(frames.get(name)) + deepest;
        depths.put(name, depth);
        return depth;
    }

    private List<String> deepest(String name) {
        List<String> chain = new ArrayList<>(List.of(name));
        String at = name;
        while (true) {
            String next = null;
            for (String callee : callees(at)) if (next == null || depths.get(callee) > depths.get(next)) next = callee;
            if (next == null) return chain;
            chain.add(next);
            at = next;
        }
    }

    private Set<String> callees(String name) {
        Set<String> out = new LinkedHashSet<>();
        for (Instruction i : functions.get(name).instructions()) {
            if (i.op() == Op.CALL) {
                if (!functions.containsKey(i.symbol())) throw new IrException("callee " + i.symbol() + " of " + name + " is not in the module");
                out.add(i.symbol());
            }
        }
        return out;
    }
}
