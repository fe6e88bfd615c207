package org.bpf4j.compiler.emit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Param;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * The subprograms the kernel may verify once, on their own (C's non-static functions, BTF
 * linkage global), rather than at every call in the caller's state: those whose safety cannot
 * depend on the values they are called with. Verified per call, a function called in a loop
 * or under branches multiplies the caller's states by its own paths, and a result the caller
 * uses as an offset makes the verifier track the arguments exactly back through it; verified
 * once, its result is any number, which the compiled caller checks anyway (Java's semantics
 * bound every index and offset explicitly).
 *
 * <p>A function qualifies when it takes and returns only integers (the kernel's rule for
 * global functions; 6.1 refuses {@code void}), and neither it nor any function it calls
 * passes a value computed from its parameters to a helper (a size the verifier needs constant,
 * say). Loops need no rule: the language bounds each by a constant. A module that takes a spin
 * lock keeps every function per call: the kernel refuses a global call while a lock is held.
 */
final class VerifiedOnce {
    private final Module module;
    private final Map<Function, Boolean> safeForAnyArguments = new HashMap<>();

    private VerifiedOnce(Module module) {
        this.module = module;
    }

    /** The functions of {@code module} to emit with global linkage, programs excluded. */
    static Set<Function> of(Module module) {
        Set<Function> once = new HashSet<>();
        if (takesASpinLock(module)) return once;
        VerifiedOnce rule = new VerifiedOnce(module);
        for (Function f : module.functions()) {
            if (!f.isProgram() && integersOnly(f) && rule.safeForAnyArguments(f)) once.add(f);
        }
        return once;
    }

    private static boolean integersOnly(Function f) {
        for (Param p : f.params()) if (!p.type().isInteger()) return false;
        return f.returnType().isInteger();
    }

    private static boolean takesASpinLock(Module module) {
        for (Function f : module.functions()) {
            for (Instruction i : f.instructions()) if (i.op() == Op.HELPER_CALL && i.takesLock()) return true;
        }
        return false;
    }

    private boolean safeForAnyArguments(Function f) {
        Boolean known = safeForAnyArguments.get(f);
        if (known != null) return known;
        // no recursion among functions, so the walk ends; the mark only guards against a broken module
        safeForAnyArguments.put(f, false);
        boolean safe = !passesParametersToHelpers(f);
        for (Instruction i : f.instructions()) {
            if (safe && i.op() == Op.CALL) safe = safeForAnyArguments(module.function(i.symbol()));
        }
        safeForAnyArguments.put(f, safe);
        return safe;
    }

    /**
     * Whether a helper's operand may hold a value computed from {@code f}'s parameters: one that
     * depends on them through operands, or any at all once such a value went to memory (a store,
     * an atomic, a map update, a call), where loads may take it back.
     */
    private static boolean passesParametersToHelpers(Function f) {
        Set<Value> fromParameters = new HashSet<>(f.params());
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Instruction i : f.instructions()) {
                if (i.type() != Type.VOID && !fromParameters.contains(i) && dependsOn(i, fromParameters)) {
                    grew |= fromParameters.add(i);
                }
            }
        }
        boolean inMemory = false;
        for (Instruction i : f.instructions()) {
            inMemory |= i.hasSideEffects() && !i.isTerminator() && i.op() != Op.HELPER_CALL && dependsOn(i, fromParameters);
        }
        for (Instruction i : f.instructions()) {
            if (i.op() == Op.HELPER_CALL && (inMemory || dependsOn(i, fromParameters))) return true;
        }
        return false;
    }

    private static boolean dependsOn(Instruction i, Set<Value> values) {
        for (Value v : i.operands()) if (values.contains(v)) return true;
        return false;
    }
}
