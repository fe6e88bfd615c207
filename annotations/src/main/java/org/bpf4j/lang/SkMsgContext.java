package org.bpf4j.lang;

import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.PacketAccess;

/**
 * The context of sk_msg programs ({@code struct sk_msg_md}): the message being sent on a
 * sockmap socket (as a packet, see {@link PacketContext}) and its socket's addresses. Return
 * {@code SK_PASS = 1} or {@code SK_DROP = 0}.
 */
@PacketAccess(data = 0, dataEnd = 8, width = 8)
public class SkMsgContext extends PacketContext {
    /** {@code family}. */
    @CtxField(offset = 16, size = 4)
    public int family;
    /** {@code remote_ip4}. */
    @CtxField(offset = 20, size = 4, order = CtxField.Order.NET32)
    public int remoteIp4;
    /** {@code local_ip4}. */
    @CtxField(offset = 24, size = 4, order = CtxField.Order.NET32)
    public int localIp4;
    /** {@code remote_ip6[4]}. */
    @CtxField(offset = 28, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] remoteIp6 = new int[4];
    /** {@code local_ip6[4]}. */
    @CtxField(offset = 44, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] localIp6 = new int[4];
    /** {@code remote_port}. */
    @CtxField(offset = 60, size = 4, order = CtxField.Order.NET16)
    public char remotePort;
    /** {@code local_port} (host order). */
    @CtxField(offset = 64, size = 4)
    public int localPort;
    /** {@code size}: total message size (may exceed the accessible data). */
    @CtxField(offset = 68, size = 4)
    public int size;

    /** A context over a copy of the message bytes; {@code size} is their length. */
    public SkMsgContext(byte[] message) {
        super(message);
        size = message.length;
    }
}
