package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.SocketFilter;

/**
 * Compiles, but writes a context field that only TC programs may write, which only the verifier
 * checks (a socket filter may write nothing but {@code cb}).
 */
public final class ContextWrite {
    @BpfProgram(type = ProgramType.SOCKET_FILTER)
    static int markAll(SkBuffContext ctx) {
        ctx.mark = 7;
        return SocketFilter.KEEP_ALL;
    }
}
