package org.bpf4j.samples.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.Embedded;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;

/**
 * tcpconnect's programs: fexit on {@code tcp_v4_connect} and {@code tcp_v6_connect}
 * ({@code struct sock *sk, struct sockaddr *uaddr, int addr_len}, then the return value), typed
 * parameters; a connect the kernel started (returned 0) is sent with the destination port the
 * kernel set in the socket's {@code struct sock_common}, and the destination address from there
 * (IPv4) or from the {@code sockaddr_in6} the caller passed (IPv6). C twin:
 * {@code benchmarks/src/main/c/tools/tcpconnect.bpf.c}.
 */
public final class TcpConnect {
    @KernelStruct("sock_common")
    public static final class SockCommon {
        @CName("skc_daddr") public int daddr;
        @CName("skc_dport") public char dport;
    }

    @KernelStruct("sock")
    public static final class Sock {
        @Embedded @CName("__sk_common") public SockCommon common;
    }

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

    /** The offset of the address in {@code sockaddr_in6}, as in {@link BindSnoop}. */
    static final int ADDR6 = 8;

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Connect> events;

    @BpfProgram(type = ProgramType.FEXIT, target = "tcp_v4_connect")
    static int tcpconnectV4(Sock sk, long uaddr, int addrLen, int ret) {
        if (!watched(ret)) {
            return 0;
        }
        Connect c = connect(sk.common, 4);
        int daddr = sk.common.daddr; // network order in memory: its bytes from the lowest
        c.daddr[0] = (byte) daddr;
        c.daddr[1] = (byte) (daddr >>> 8);
        c.daddr[2] = (byte) (daddr >>> 16);
        c.daddr[3] = (byte) (daddr >>> 24);
        events.output(c);
        return 0;
    }

    @BpfProgram(type = ProgramType.FEXIT, target = "tcp_v6_connect")
    static int tcpconnectV6(Sock sk, long uaddr, int addrLen, int ret) {
        if (!watched(ret)) {
            return 0;
        }
        Connect c = connect(sk.common, 6);
        Bpf.probeReadKernel(c.daddr, uaddr + ADDR6);
        events.output(c);
        return 0;
    }

    /** Whether the kernel started the connect (returned 0) in a watched process. */
    private static boolean watched(int ret) {
        int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        return ret == 0 && (targetPid == 0 || pid == targetPid);
    }

    /** The connect of the current process, but for its address. */
    private static Connect connect(SockCommon common, int ipVersion) {
        Connect c = new Connect();
        c.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        c.ipVersion = ipVersion;
        c.dport = Character.reverseBytes(common.dport);
        Bpf.getCurrentComm(c.comm);
        return c;
    }

    private TcpConnect() {}
}
