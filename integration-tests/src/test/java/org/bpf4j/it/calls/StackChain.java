package org.bpf4j.it.calls;

import org.bpf4j.annotation.BpfFunction;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.XdpContext;

/**
 * A call chain whose frames together come close to the kernel's 512 bytes (224 + 256): the
 * compiler's check of the chain lets it through and the verifier agrees.
 */
public final class StackChain {
    @BpfFunction
    static int deep(int seed) {
        long[] buf = new long[32];
        for (int i = 0; i < 32; i++) {
            buf[i] = seed * (long) i;
        }
        long s = 0;
        for (long v : buf) {
            s += v ^ (v >>> 3);
        }
        return (int) s;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int chain(XdpContext ctx) {
        long[] mine = new long[28];
        for (int i = 0; i < 28; i++) {
            mine[i] = ctx.length() * (long) (i + 1);
        }
        long s = 0;
        for (long v : mine) {
            s += v * 3 + deep((int) v);
        }
        return deep((int) s) + (int) s;
    }
}
