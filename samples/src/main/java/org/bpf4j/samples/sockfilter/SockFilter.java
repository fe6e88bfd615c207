package org.bpf4j.samples.sockfilter;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.SocketFilter;
import org.bpf4j.lang.UdpHdr;

/**
 * Socket filter for a UDP socket: drops datagrams whose first payload byte is marked in
 * {@link #deniedFirstBytes}, and counts verdicts in {@link #verdicts}. On a UDP socket the
 * filter sees the datagram from its UDP header on; socket filters have no direct packet
 * access, so the byte is copied out with {@code bpf_skb_load_bytes}.
 */
public final class SockFilter {
    /** Slot of {@link #verdicts} counting dropped datagrams. */
    public static final int DROPPED = 0;
    /** Slot of {@link #verdicts} counting delivered datagrams. */
    public static final int DELIVERED = 1;

    /** First payload byte (0..255) → non-zero when datagrams starting with it are dropped. */
    @BpfMap(maxEntries = 256)
    static BpfArrayMap<Byte> deniedFirstBytes;

    /** {@link #DROPPED} and {@link #DELIVERED} counts. */
    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Long> verdicts;

    /** The first payload byte, copied from the packet. */
    @BpfStruct
    public static final class FirstByte {
        public byte value;
    }

    @BpfProgram(type = ProgramType.SOCKET_FILTER)
    static int filter(SkBuffContext ctx) {
        FirstByte first = new FirstByte();
        boolean deny = false;
        // An empty datagram has no first byte: the load fails and it is delivered.
        if (Bpf.skbLoadBytes(ctx, UdpHdr.SIZE, first) == 0) {
            Byte denied = deniedFirstBytes.get(first.value & 0xFF);
            deny = denied != null && denied != 0;
        }
        verdicts.increment(deny ? DROPPED : DELIVERED);
        return deny ? SocketFilter.DROP : SocketFilter.KEEP_ALL;
    }

    private SockFilter() {}
}
