package org.bpf4j.runtime.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.LibC;

/**
 * The highest eBPF ISA level this kernel runs, found once by loading
 * {@code r0 = 0; <the level's signature instruction>; exit} as a socket filter for each level
 * from the highest down, as clang's {@code -mcpu=probe} does.
 */
public final class IsaProbe {
    private static final int SOCKET_FILTER = 1;
    private static volatile Optional<IsaLevel> supported;

    private IsaProbe() {}

    /** The highest level the kernel loads; empty when it loads no program at all (no privilege, no BPF). */
    public static Optional<IsaLevel> supported() {
        Optional<IsaLevel> s = supported;
        if (s == null) {
            s = probe();
            supported = s;
        }
        return s;
    }

    private static Optional<IsaLevel> probe() {
        IsaLevel[] levels = IsaLevel.values();
        for (int i = levels.length - 1; i >= 0; i--) {
            if (loads(levels[i].signature())) return Optional.of(levels[i]);
        }
        return Optional.empty();
    }

    private static boolean loads(Insn signature) {
        List<Insn> code = new ArrayList<>(List.of(Insn.mov64Imm(0, 0), signature, Insn.exit()));
        int fd = BpfSyscall.progLoad(SOCKET_FILTER, Insn.encode(code), "GPL").name("bpf4j_isa").load(null, 0, 0);
        if (fd < 0) return false;
        LibC.close(fd);
        return true;
    }
}
