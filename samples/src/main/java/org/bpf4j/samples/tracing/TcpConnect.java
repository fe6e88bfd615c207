package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;

/**
 * tcpconnect's programs: fexit on {@code tcp_v4_connect} and {@code tcp_v6_connect}
 * ({@code struct sock *sk, struct sockaddr *uaddr, int addr_len}, then the return value), typed
 * parameters; a connect the kernel started (returned 0) is sent with the destination port and
 * address of the {@code sockaddr_in} or {@code sockaddr_in6} the caller passed. C twin:
 * {@code benchmarks/src/main/c/tools/tcpconnect.bpf.c}.
 */
public final class TcpConnect {
    /** One connect, as the tool reports it. */
    @BpfStruct
    public static final class Connect {
        public int pid;
        /** 4 or 6: which of {@code tcp_v4_connect} and {@code tcp_v6_connect}. */
        public int ipVersion;
        public int dport;
        /** The destination in network order: 4 bytes for IPv4, 16 for IPv6. */
        @Size(16) public byte[] daddr = new byte[16];
        @Size(16) public byte[] comm = new byte[16];
    }

    /** Offsets in {@code sockaddr_in} and {@code sockaddr_in6}, as in {@link BindSnoop}. */
    static final int PORT = 2, ADDR4 = 4, ADDR6 = 8;

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Connect> events;

    @BpfProgram(type = ProgramType.FEXIT, target = "tcp_v4_connect")
    static int tcpconnectV4(long sk, long uaddr, int addrLen, int ret) {
        return connected(uaddr, ret, 4);
    }

    @BpfProgram(type = ProgramType.FEXIT, target = "tcp_v6_connect")
    static int tcpconnectV6(long sk, long uaddr, int addrLen, int ret) {
        return connected(uaddr, ret, 6);
    }

    private static int connected(long uaddr, int ret, int ipVersion) {
        int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        if (ret != 0 || targetPid != 0 && pid != targetPid) {
            return 0;
        }
        Connect c = new Connect();
        c.pid = pid;
        c.ipVersion = ipVersion;
        byte[] port = new byte[2];
        Bpf.probeReadKernel(port, uaddr + PORT);
        c.dport = (port[0] & 0xff) << 8 | port[1] & 0xff;
        if (ipVersion == 4) {
            byte[] addr = new byte[4];
            Bpf.probeReadKernel(addr, uaddr + ADDR4);
            System.arraycopy(addr, 0, c.daddr, 0, 4);
        } else {
            Bpf.probeReadKernel(c.daddr, uaddr + ADDR6);
        }
        Bpf.getCurrentComm(c.comm);
        events.output(c);
        return 0;
    }

    private TcpConnect() {}
}
