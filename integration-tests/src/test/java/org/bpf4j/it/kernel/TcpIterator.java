package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.IterMeta;

/**
 * {@code iter/tcp}: one line "family local-port local-port-as-short state uid" per TCP socket; the
 * context's {@code sk_common} is named by {@code @CName}, its {@code uid} ({@code uid_t}) is an
 * {@code int}. The port ({@code skc_num}, a {@code u16}) is declared {@code short}, a signed narrow
 * member: ports from 32768 up, which the test uses, are negative as a Java short, and at v3 (the
 * default, no sign-extending load) the CO-RE load must widen it by a shift pair. This stands in for
 * a signed kernel member of known negative value: the one candidate reachable from an iterator,
 * {@code signal_struct.oom_score_adj}, can only be set negative with CAP_SYS_RESOURCE.
 */
public final class TcpIterator {
    @KernelStruct("sock_common")
    public static final class SockCommon {
        @CName("skc_family") public char family;
        @CName("skc_num") public short localPort;
        @CName("skc_state") public byte state;
    }

    @BpfProgram(type = ProgramType.ITER, target = "tcp")
    static int sockets(IterMeta meta, @CName("sk_common") SockCommon socket, int uid) {
        if (socket == null) {
            return 0;
        }
        long[] line = {socket.family, socket.localPort & 0xffff, socket.localPort, socket.state, uid};
        Bpf.seqPrintf(meta.seq, "%d %d %ld %d %d\n", line);
        return 0;
    }
}
