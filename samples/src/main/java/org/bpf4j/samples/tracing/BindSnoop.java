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
import org.bpf4j.lang.Core;

/**
 * bindsnoop's programs: fexit on {@code inet_bind} and {@code inet6_bind}
 * ({@code struct socket *sock, struct sockaddr *uaddr, int addr_len}, then the return value), typed
 * parameters; the protocol read from {@code sock->sk}, the port and address from the
 * {@code sockaddr_in} or {@code sockaddr_in6} the caller passed, the {@code struct sockaddr *}
 * viewed as either ({@code Core.view}, C's cast). C twin:
 * {@code benchmarks/src/main/c/tools/bindsnoop.bpf.c}.
 */
public final class BindSnoop {
    @KernelStruct("socket")
    public static final class Socket {
        public Sock sk;
    }

    @KernelStruct("sock")
    public static final class Sock {
        @CName("sk_protocol") public char protocol;
    }

    @KernelStruct("in_addr")
    public static final class InAddr {
        @CName("s_addr") public int addr;
    }

    @KernelStruct("sockaddr_in")
    public static final class SockaddrIn {
        @CName("sin_port") public char port;
        @Embedded @CName("sin_addr") public InAddr addr;
    }

    @KernelStruct("sockaddr_in6")
    public static final class SockaddrIn6 {
        @CName("sin6_port") public char port;
    }

    /** One bind, as the tool reports it. */
    @BpfStruct
    public static final class Bind {
        public int pid;
        /** 0, or a negative errno. */
        public int ret;
        /** {@code IPPROTO_TCP}, {@code IPPROTO_UDP}, ... */
        public int protocol;
        /** 4 or 6: which of {@code inet_bind} and {@code inet6_bind}. */
        public int ipVersion;
        public int port;
        /** The address in network order: 4 bytes for IPv4, 16 for IPv6. */
        @Size(16) public byte[] addr = new byte[16];
        @Size(16) public byte[] comm = new byte[16];
    }

    /** The offset of the address in {@code sockaddr_in6} (UAPI, the same on every kernel), after the port and flow label. */
    static final int ADDR6 = 8;

    /** The process to watch; 0 watches all. */
    @BpfConfig
    static int targetPid = 0;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Bind> events;

    @BpfProgram(type = ProgramType.FEXIT, target = "inet_bind")
    static int bindsnoopV4(Socket sock, long uaddr, int addrLen, int ret) {
        return bound(sock.sk.protocol, uaddr, ret, 4);
    }

    @BpfProgram(type = ProgramType.FEXIT, target = "inet6_bind")
    static int bindsnoopV6(Socket sock, long uaddr, int addrLen, int ret) {
        return bound(sock.sk.protocol, uaddr, ret, 6);
    }

    private static int bound(int protocol, long uaddr, int ret, int ipVersion) {
        int pid = (int) (Bpf.getCurrentPidTgid() >>> 32);
        if (targetPid != 0 && pid != targetPid) {
            return 0;
        }
        Bind b = new Bind();
        b.pid = pid;
        b.ret = ret;
        b.protocol = protocol;
        b.ipVersion = ipVersion;
        if (ipVersion == 4) {
            SockaddrIn sin = Core.view(uaddr, SockaddrIn.class);
            b.port = Character.reverseBytes(sin.port);
            int addr = sin.addr.addr; // network order in memory: its bytes from the lowest
            b.addr[0] = (byte) addr;
            b.addr[1] = (byte) (addr >>> 8);
            b.addr[2] = (byte) (addr >>> 16);
            b.addr[3] = (byte) (addr >>> 24);
        } else {
            b.port = Character.reverseBytes(Core.view(uaddr, SockaddrIn6.class).port);
            Bpf.probeReadKernel(b.addr, uaddr + ADDR6); // a struct in6_addr, a union of arrays
        }
        Bpf.getCurrentComm(b.comm);
        events.output(b);
        return 0;
    }

    private BindSnoop() {}
}
