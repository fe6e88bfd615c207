package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/**
 * A NETLINK_ROUTE socket that sends one request at a time and waits for its acknowledgement.
 * Extended acks are on, so a refusal carries the kernel's own sentence ("Interface is busy", ...).
 */
final class Netlink implements AutoCloseable {
    private static final int AF_NETLINK = 16, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000, NETLINK_ROUTE = 0;
    private static final int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11;
    private static final int NLMSG_ERROR = 2, NLM_F_ACK_TLVS = 0x200, NLMSGERR_ATTR_MSG = 1;
    private static final int RECEIVE_BUFFER = 32 * 1024;
    private static final int SOL_SOCKET = 1, SO_RCVTIMEO = 20;
    private static final long REPLY_TIMEOUT_SECONDS = 10;

    private final Fd socket;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    private Netlink(Fd socket) {
        this.socket = socket;
    }

    static Netlink openRoute() {
        int fd = (int) Sys.check(LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE),
                "socket(AF_NETLINK)", "rtnetlink");
        Netlink nl = new Netlink(new Fd(fd, "rtnetlink socket"));
        try {
            configure(fd);
        } catch (RuntimeException e) {
            nl.close();
            throw e;
        }
        return nl;
    }

    private static void configure(int fd) {
        Memory one = new Memory(4);
        one.setInt(0, 1);
        // Best effort: without extended acks errors still carry the errno.
        LibC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, one, 4);
        LibC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
        // a reply that never comes ends in EAGAIN after this long instead of a hang
        Memory timeout = new Memory(16);
        timeout.setLong(0, REPLY_TIMEOUT_SECONDS);
        timeout.setLong(8, 0);
        Sys.check(LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16), "setsockopt(SO_RCVTIMEO)", "rtnetlink");
    }

    /** The outcome of one request: 0 or the errno, and the kernel's extended-ack text if any. */
    record Ack(int errno, String message) {
        /** Throws the runtime's exception for a failure, naming {@code operation} on {@code subject}. */
        void check(String operation, String subject) {
            if (errno == 0) return;
            throw Sys.error(operation, errno, subject + (message.isEmpty() ? "" : " (kernel: " + message + ")"));
        }
    }

    /** Sends {@code message} and waits for the kernel's acknowledgement of it. */
    Ack request(NetlinkMessage message, String subject) {
        int mySeq = ++seq;
        byte[] out = message.encode(mySeq);
        Memory buf = new Memory(out.length);
        buf.write(0, out, 0, out.length);
        socket.use(s -> Sys.check(LibC.sendto(s, buf, out.length, 0, null, 0), "netlink send", subject));
        Memory in = new Memory(RECEIVE_BUFFER);
        while (true) {
            long n = socket.apply(s -> Sys.check(LibC.recvfrom(s, in, RECEIVE_BUFFER, 0, null, null), "netlink receive", subject));
            ByteBuffer b = ByteBuffer.wrap(in.getByteArray(0, (int) n)).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 0;
            while (pos + NetlinkMessage.HEADER_SIZE <= n) {
                int len = b.getInt(pos);
                int type = Short.toUnsignedInt(b.getShort(pos + 4));
                int flags = Short.toUnsignedInt(b.getShort(pos + 6));
                int msgSeq = b.getInt(pos + 8);
                if (len < NetlinkMessage.HEADER_SIZE || pos + len > n) {
                    throw new BpfException("malformed netlink reply (length " + len + ") to a request on " + subject);
                }
                if (type == NLMSG_ERROR && msgSeq == mySeq) {
                    int error = b.getInt(pos + 16);
                    String text = (flags & NLM_F_ACK_TLVS) != 0 ? extAckMessage(b, pos, len, flags) : "";
                    return new Ack(-error, text);
                }
                pos += NetlinkMessage.align(len);
            }
        }
    }

    /** The NLMSGERR_ATTR_MSG string after {@code nlmsgerr} (error + echoed header, capped). */
    private static String extAckMessage(ByteBuffer b, int msgStart, int msgLen, int flags) {
        int echoed = b.getInt(msgStart + 20);
        boolean capped = (flags & 0x100) != 0;
        int pos = msgStart + 20 + (capped ? NetlinkMessage.HEADER_SIZE : NetlinkMessage.align(echoed));
        int end = msgStart + msgLen;
        while (pos + 4 <= end) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int type = Short.toUnsignedInt(b.getShort(pos + 2)) & 0x3fff;
            if (len < 4 || pos + len > end) break;
            if (type == NLMSGERR_ATTR_MSG) {
                int strLen = len - 4;
                while (strLen > 0 && b.get(pos + 4 + strLen - 1) == 0) strLen--;
                byte[] s = new byte[strLen];
                b.get(pos + 4, s);
                return new String(s, StandardCharsets.UTF_8);
            }
            pos += NetlinkMessage.align(len);
        }
        return "";
    }

    @Override
    public void close() {
        socket.close();
    }
}
