package org.bpf4j.lang;

import java.util.Arrays;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.PacketAccess;

/**
 * The context of XDP programs ({@code struct xdp_md}): the packet (see {@link PacketContext})
 * and the receive metadata. Return an {@link XdpAction}.
 *
 * <p>On the JVM, {@link #of(byte[])} models the frame {@code BPF_PROG_TEST_RUN} builds: 256
 * bytes of headroom, of which the kernel keeps the first 40 for its {@code struct xdp_frame},
 * bounding {@code Bpf.xdpAdjustHead}, and a 4096-byte frame whose tail also holds
 * {@code skb_shared_info} (320 bytes), bounding {@code Bpf.xdpAdjustTail}. A test checks these
 * bounds against the kernel's.
 */
@PacketAccess(data = 0, dataEnd = 4, dataMeta = 8)
public class XdpContext extends PacketContext {
    /** {@code XDP_PACKET_HEADROOM}. */
    public static final int HEADROOM = 256;
    /** Frame size used by the kernel's test runs (one page). */
    public static final int FRAME_SIZE = 4096;
    /** Headroom the kernel reserves for {@code struct xdp_frame} (6.18, x86-64). */
    public static final int FRAME_METADATA_SIZE = 40;
    /** Tail space the kernel reserves for {@code struct skb_shared_info}. */
    public static final int SHARED_INFO_SIZE = 320;
    private static final int ETH_HLEN = 14;

    /** {@code ingress_ifindex}: the receiving interface. */
    @CtxField(offset = 12, size = 4)
    public int ingressIfindex;

    /** {@code rx_queue_index}: the receive queue. */
    @CtxField(offset = 16, size = 4)
    public int rxQueueIndex;

    private int headroom = HEADROOM;

    /** A context over a copy of {@code packet}. */
    public XdpContext(byte[] packet) {
        super(packet);
    }

    /** A context over a copy of {@code packet}. */
    public static XdpContext of(byte[] packet) {
        return new XdpContext(packet);
    }

    /** Headroom left in front of the packet. */
    public int headroom() {
        return headroom;
    }

    /** JVM body of {@code bpf_xdp_adjust_head}: 0, or {@code -EINVAL} (-22). */
    int adjustHead(int delta) {
        byte[] bytes = bytes();
        int newLength = bytes.length - delta;
        if (headroom + delta < FRAME_METADATA_SIZE || newLength < ETH_HLEN) {
            return -22;
        }
        byte[] moved = new byte[newLength];
        if (delta >= 0) {
            System.arraycopy(bytes, delta, moved, 0, newLength);
        } else {
            System.arraycopy(bytes, 0, moved, -delta, bytes.length);
        }
        headroom += delta;
        replacePacket(moved);
        return 0;
    }

    /** JVM body of {@code bpf_xdp_adjust_tail}: 0, or {@code -EINVAL} (-22). */
    int adjustTail(int delta) {
        byte[] bytes = bytes();
        int newLength = bytes.length + delta;
        int tailroom = FRAME_SIZE - SHARED_INFO_SIZE - headroom - bytes.length;
        if (newLength < ETH_HLEN || delta > tailroom) {
            return -22;
        }
        replacePacket(Arrays.copyOf(bytes, newLength));
        return 0;
    }
}
