package org.bpf4j.lang;

import org.bpf4j.annotation.CtxField;

/**
 * The context of cgroup socket-address hooks ({@code struct bpf_sock_addr}): connect, bind,
 * sendmsg and friends. Return a {@link CgroupVerdict}. The user address and port may be
 * rewritten (transparent redirection), and for sendmsg the source address too. Addresses and
 * the port read and write as host values: {@code ctx.userIp4 == Ipv4.parse("10.0.0.1")},
 * {@code ctx.userPort = 8080}.
 */
public class SockAddrContext implements BpfContext {
    /** {@code user_family}: the address family the caller passed. */
    @CtxField(offset = 0, size = 4)
    public int userFamily;
    /** {@code user_ip4}: destination (connect, sendmsg) or bind address. */
    @CtxField(offset = 4, size = 4, writable = true, order = CtxField.Order.NET32)
    public int userIp4;
    /** {@code user_ip6[4]}. */
    @CtxField(offset = 8, size = 4, count = 4, writable = true, order = CtxField.Order.NET32)
    public final int[] userIp6 = new int[4];
    /** {@code user_port}. */
    @CtxField(offset = 24, size = 4, writable = true, order = CtxField.Order.NET16)
    public char userPort;
    /** {@code family}: the socket's family. */
    @CtxField(offset = 28, size = 4)
    public int family;
    /** {@code type}: {@code SOCK_STREAM = 1}, {@code SOCK_DGRAM = 2}. */
    @CtxField(offset = 32, size = 4)
    public int type;
    /** {@code protocol}: {@code IPPROTO_TCP = 6}, {@code IPPROTO_UDP = 17}. */
    @CtxField(offset = 36, size = 4)
    public int protocol;
    /** {@code msg_src_ip4}: source address of a UDP sendmsg. */
    @CtxField(offset = 40, size = 4, writable = true, order = CtxField.Order.NET32)
    public int msgSrcIp4;
    /** {@code msg_src_ip6[4]}. */
    @CtxField(offset = 44, size = 4, count = 4, writable = true, order = CtxField.Order.NET32)
    public final int[] msgSrcIp6 = new int[4];

    /** An empty context; set the fields a test needs. */
    public SockAddrContext() {
    }

    /** An IPv4 context for {@code SOCK_STREAM}/TCP to {@code ip:port}. */
    public static SockAddrContext tcp4(int ip, int port) {
        SockAddrContext ctx = new SockAddrContext();
        ctx.userFamily = 2;
        ctx.family = 2;
        ctx.type = 1;
        ctx.protocol = 6;
        ctx.userIp4 = ip;
        ctx.userPort = (char) port;
        return ctx;
    }
}
