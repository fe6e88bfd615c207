package org.bpf4j.runtime.load;

import java.util.Optional;
import java.util.function.Supplier;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfUnsupportedException;

/**
 * Refuses a program whose instructions need a higher ISA level than the kernel runs, before the
 * verifier would refuse it with a bare "Invalid argument". The object records no level: its
 * instructions tell ({@link IsaLevel#required}), clang's objects as well as ours.
 */
final class IsaCheck {
    private IsaCheck() {}

    /** Throws {@link BpfUnsupportedException} when {@code code} of {@code program} needs more than {@code kernel} gives. */
    static void check(String object, String program, byte[] code, Supplier<Optional<IsaLevel>> kernel) {
        IsaLevel.Requirement needed = IsaLevel.required(Insn.decode(code));
        if (needed.level() == IsaLevel.V1) return;
        Optional<IsaLevel> runs = kernel.get();
        if (runs.isEmpty() || runs.get().includes(needed.level())) return;
        IsaLevel has = runs.get();
        throw new BpfUnsupportedException("program '" + program + "' of object '" + object + "' needs eBPF ISA "
                + needed.describe() + ", but this kernel runs ISA " + has.cpuName() + " at most ("
                + needed.level().cpuName() + " needs Linux " + needed.level().sinceKernel() + " or later): recompile it for "
                + has.cpuName() + " (bpf4j: -Abpf4j.cpu=" + has.cpuName() + "; clang: -mcpu=" + has.cpuName() + ")", 0);
    }
}
