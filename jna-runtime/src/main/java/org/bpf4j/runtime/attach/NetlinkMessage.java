package org.bpf4j.runtime.attach;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one rtnetlink request: {@code nlmsghdr}, the family header ({@code ifinfomsg},
 * {@code tcmsg}) and attributes, nested ones included, each padded to 4 bytes as netlink wants.
 */
final class NetlinkMessage {
    static final int NLM_F_REQUEST = 0x1, NLM_F_ACK = 0x4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    static final int NLA_F_NESTED = 0x8000;
    static final int HEADER_SIZE = 16;

    private final int type;
    private final int flags;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Deque<Integer> openNests = new ArrayDeque<>();

    NetlinkMessage(int type, int flags) {
        this.type = type;
        this.flags = flags | NLM_F_REQUEST | NLM_F_ACK;
    }

    /** {@code struct ifinfomsg} for RTM_*LINK. */
    NetlinkMessage ifinfo(int ifindex) {
        return raw(le(16).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0));
    }

    /** {@code struct tcmsg} for RTM_*QDISC and RTM_*TFILTER. */
    NetlinkMessage tcmsg(int ifindex, int handle, int parent, int info) {
        return raw(le(20).putInt(0).putInt(ifindex).putInt(handle).putInt(parent).putInt(info));
    }

    NetlinkMessage u32(int attrType, int value) {
        return attr(attrType, le(4).putInt(value).array());
    }

    NetlinkMessage string(int attrType, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return attr(attrType, z);
    }

    /** Opens a nested attribute; attributes until {@link #end()} go inside it. */
    NetlinkMessage begin(int attrType) {
        openNests.push(body.size());
        body.writeBytes(le(4).putShort((short) 0).putShort((short) (attrType | NLA_F_NESTED)).array());
        return this;
    }

    NetlinkMessage end() {
        if (openNests.isEmpty()) throw new IllegalStateException("end() without begin()");
        int start = openNests.pop();
        byte[] b = body.toByteArray();
        int len = b.length - start;
        b[start] = (byte) len;
        b[start + 1] = (byte) (len >>> 8);
        body.reset();
        body.writeBytes(b);
        return this;
    }

    /** The finished message with sequence number {@code seq}. */
    byte[] encode(int seq) {
        if (!openNests.isEmpty()) throw new IllegalStateException("nested attribute left open");
        byte[] payload = body.toByteArray();
        return le(HEADER_SIZE + payload.length).putInt(HEADER_SIZE + payload.length).putShort((short) type)
                .putShort((short) flags).putInt(seq).putInt(0).put(payload).array();
    }

    private NetlinkMessage attr(int attrType, byte[] payload) {
        int len = 4 + payload.length;
        body.writeBytes(le(4).putShort((short) len).putShort((short) attrType).array());
        body.writeBytes(payload);
        body.writeBytes(new byte[align(len) - len]);
        return this;
    }

    private NetlinkMessage raw(ByteBuffer b) {
        body.writeBytes(b.array());
        return this;
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
