package org.bpf4j.lang;

import java.util.Arrays;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.PacketAccess;

/**
 * The context of socket-buffer programs ({@code struct __sk_buff}): tc classifiers, socket
 * filters, cgroup skb hooks and sk_skb. Besides the packet (see {@link PacketContext}), the
 * members below. {@link CtxField#writable()} marks members some of these program types may
 * write; the kernel decides per type (tc may write {@code mark}, {@code priority},
 * {@code tcIndex}, {@code tcClassid}, {@code queueMapping}, {@code cb} and {@code tstamp};
 * cgroup skb {@code mark}, {@code priority}, {@code cb} and {@code tstamp}; socket filters
 * only {@code cb}).
 *
 * <p>Network-order members ({@code protocol}, {@code vlanProto}, addresses, {@code remotePort})
 * read as host values: {@code ctx.protocol == EthHdr.P_IPV4}.
 */
@PacketAccess(data = 76, dataEnd = 80, dataMeta = 140)
public class SkBuffContext extends PacketContext {
    /** {@code len}: total length including non-linear data. */
    @CtxField(offset = 0, size = 4)
    public int len;
    /** {@code pkt_type}: {@code PACKET_HOST = 0}, {@code PACKET_BROADCAST = 1}, ... */
    @CtxField(offset = 4, size = 4)
    public int pktType;
    /** {@code mark}. */
    @CtxField(offset = 8, size = 4, writable = true)
    public int mark;
    /** {@code queue_mapping}. */
    @CtxField(offset = 12, size = 4, writable = true)
    public int queueMapping;
    /** {@code protocol}: the EtherType, e.g. {@link EthHdr#P_IPV4}. */
    @CtxField(offset = 16, size = 4, order = CtxField.Order.NET16)
    public char protocol;
    /** {@code vlan_present}. */
    @CtxField(offset = 20, size = 4)
    public int vlanPresent;
    /** {@code vlan_tci}. */
    @CtxField(offset = 24, size = 4)
    public int vlanTci;
    /** {@code vlan_proto}. */
    @CtxField(offset = 28, size = 4, order = CtxField.Order.NET16)
    public char vlanProto;
    /** {@code priority}. */
    @CtxField(offset = 32, size = 4, writable = true)
    public int priority;
    /** {@code ingress_ifindex}. */
    @CtxField(offset = 36, size = 4)
    public int ingressIfindex;
    /** {@code ifindex}. */
    @CtxField(offset = 40, size = 4)
    public int ifindex;
    /** {@code tc_index}. */
    @CtxField(offset = 44, size = 4, writable = true)
    public int tcIndex;
    /** {@code cb[5]}: scratch space shared along the program chain. */
    @CtxField(offset = 48, size = 4, count = 5, writable = true)
    public final int[] cb = new int[5];
    /** {@code hash}. */
    @CtxField(offset = 68, size = 4)
    public int hash;
    /** {@code tc_classid}. */
    @CtxField(offset = 72, size = 4, writable = true)
    public int tcClassid;
    /** {@code napi_id}. */
    @CtxField(offset = 84, size = 4)
    public int napiId;
    /** {@code family}: {@code AF_INET = 2}, {@code AF_INET6 = 10} (socket-attached programs). */
    @CtxField(offset = 88, size = 4)
    public int family;
    /** {@code remote_ip4}. */
    @CtxField(offset = 92, size = 4, order = CtxField.Order.NET32)
    public int remoteIp4;
    /** {@code local_ip4}. */
    @CtxField(offset = 96, size = 4, order = CtxField.Order.NET32)
    public int localIp4;
    /** {@code remote_ip6[4]}. */
    @CtxField(offset = 100, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] remoteIp6 = new int[4];
    /** {@code local_ip6[4]}. */
    @CtxField(offset = 116, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] localIp6 = new int[4];
    /** {@code remote_port}. */
    @CtxField(offset = 132, size = 4, order = CtxField.Order.NET16)
    public char remotePort;
    /** {@code local_port} (host order in the kernel too). */
    @CtxField(offset = 136, size = 4)
    public int localPort;
    /** {@code tstamp}. */
    @CtxField(offset = 152, size = 8, writable = true)
    public long tstamp;
    /** {@code wire_len}. */
    @CtxField(offset = 160, size = 4)
    public int wireLen;
    /** {@code gso_segs}. */
    @CtxField(offset = 164, size = 4)
    public int gsoSegs;
    /** {@code gso_size}. */
    @CtxField(offset = 176, size = 4)
    public int gsoSize;
    /** {@code hwtstamp}. */
    @CtxField(offset = 184, size = 8)
    public long hwtstamp;

    /**
     * A context over a copy of an Ethernet frame, with {@code len} and {@code wireLen} set to its
     * length and {@code protocol} to its EtherType, as {@code BPF_PROG_TEST_RUN} does.
     */
    public SkBuffContext(byte[] frame) {
        super(frame);
        len = frame.length;
        wireLen = frame.length;
        if (frame.length >= EthHdr.SIZE) {
            protocol = (char) ((frame[12] & 0xFF) << 8 | frame[13] & 0xFF);
        }
    }

    /** A context over a copy of {@code frame}; see the constructor. */
    public static SkBuffContext of(byte[] frame) {
        return new SkBuffContext(frame);
    }

    /**
     * The context a socket filter or cgroup skb program gets for an Ethernet frame: the kernel
     * (and {@code BPF_PROG_TEST_RUN}) starts their packet at the network header, so it holds a copy
     * of the frame after its Ethernet header, {@code len} and {@code wireLen} are that length and
     * {@code protocol} is the frame's EtherType. TC programs see the whole frame: {@link #of}.
     */
    public static SkBuffContext atNetworkHeader(byte[] frame) {
        if (frame.length < EthHdr.SIZE) {
            throw new IllegalArgumentException("an Ethernet frame has at least " + EthHdr.SIZE + " bytes, not " + frame.length);
        }
        SkBuffContext ctx = new SkBuffContext(Arrays.copyOfRange(frame, EthHdr.SIZE, frame.length));
        ctx.protocol = (char) ((frame[12] & 0xFF) << 8 | frame[13] & 0xFF);
        return ctx;
    }

    @Override
    void packetChanged(int newLength) {
        len = newLength;
        wireLen = newLength;
    }
}
