package org.bpf4j.lang;

import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of kprobe and uprobe programs ({@code struct pt_regs}): the probed function's
 * register arguments and, for return probes, its return value, located through
 * {@link PtRegsLayout} for the target architecture.
 *
 * <pre>{@code
 * @BpfProgram(type = ProgramType.UPROBE, target = "/usr/bin/bash:readline")
 * static int probe(PtRegs regs) { long prompt = regs.arg(0); ... }
 * }</pre>
 */
public class PtRegs extends ArgsContext {
    private final long ret;

    /** Registers holding these arguments and a zero return value. */
    public PtRegs(long... args) {
        this(0, args);
    }

    private PtRegs(long ret, long[] args) {
        super(args);
        this.ret = ret;
    }

    /** Registers holding these arguments. */
    public static PtRegs of(long... args) {
        return new PtRegs(args);
    }

    /** Registers of a function returning {@code ret} (for return probes). */
    public static PtRegs returning(long ret) {
        return new PtRegs(ret, new long[0]);
    }

    /** Register argument {@code n} (a constant, below {@link PtRegsLayout#argCount()}). */
    @Intrinsic(IntrinsicOp.CTX_ARG)
    public long arg(int n) {
        return slot(n, "register");
    }

    /** The return value (kretprobe, uretprobe). */
    @Intrinsic(IntrinsicOp.CTX_RET)
    public long ret() {
        return ret;
    }
}
