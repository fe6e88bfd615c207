package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.lang.spi.Codec;

/**
 * A context with direct packet access ({@code data .. data_end}): XDP, tc, socket filter,
 * cgroup skb, sk_skb, sk_msg. BPF code reads the packet through checked accessors that
 * compile to exactly the bounds check the verifier wants:
 *
 * <pre>{@code
 * EthHdr eth = ctx.header(0, EthHdr.class);        // null when the packet is shorter
 * if (eth == null || eth.proto != EthHdr.P_IPV4) return XdpAction.PASS;
 * Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
 * if (ip == null) return XdpAction.PASS;
 * ip.ttl--;                                        // writes the packet
 * int port = ctx.u16(EthHdr.SIZE + ip.ihl() * 4 + 2);  // -1 when beyond the end
 * }</pre>
 *
 * <p>Offsets may be variable (the compiler masks and bounds them for the verifier). Header
 * fields read as host values ({@link org.bpf4j.annotation.BpfStruct#networkOrder()}).
 *
 * <p><b>On the JVM</b> the context wraps a {@code byte[]}: headers are objects decoded from
 * it, and fields assigned through them are written back to the bytes before the next packet
 * access and by {@link #packet()}. Helpers that move the packet ({@code Bpf.xdpAdjustHead}...)
 * invalidate earlier header objects, as the verifier invalidates packet pointers. A field is
 * written back when its value changed, so one blind spot remains: a boolean field over a byte
 * other than 0 or 1 that is assigned its own truth value keeps its byte here, where the kernel
 * stores 1.
 */
public abstract class PacketContext implements BpfContext {
    private byte[] packet;
    private final List<View> views = new ArrayList<>();

    PacketContext(byte[] packet) {
        if (packet == null) {
            throw new IllegalArgumentException("packet bytes are required");
        }
        this.packet = packet.clone();
    }

    /** The {@code @BpfStruct} {@code T} at {@code offset}, or {@code null} when the packet is shorter. */
    @Intrinsic(IntrinsicOp.PACKET_HEADER)
    public <T> T header(int offset, Class<T> type) {
        sync();
        Codec<T> codec = Codecs.struct(type);
        if (offset < 0 || (long) offset + codec.size() > packet.length) {
            return null;
        }
        T header = codec.decode(ByteBuffer.wrap(packet, offset, codec.size()).order(ByteOrder.nativeOrder()));
        // the snapshot is the header re-encoded, not the packet's bytes: padding and a boolean byte
        // other than 0 or 1 are then written back only when a field over them is assigned a new value
        views.add(new View(offset, header, codec, Codecs.toBytes(codec, header)));
        return header;
    }

    /** Packet length in bytes ({@code data_end - data}). */
    @Intrinsic(IntrinsicOp.PACKET_LENGTH)
    public int length() {
        return packet.length;
    }

    /** The byte at {@code offset} (0..255), or -1 beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_LOAD_U8)
    public int u8(int offset) {
        sync();
        return inside(offset, 1) ? packet[offset] & 0xFF : -1;
    }

    /** The big-endian u16 at {@code offset} as a host value, or -1 beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_LOAD_U16)
    public int u16(int offset) {
        sync();
        return inside(offset, 2) ? (packet[offset] & 0xFF) << 8 | packet[offset + 1] & 0xFF : -1;
    }

    /** The big-endian u32 at {@code offset} as an unsigned host value, or -1 beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_LOAD_U32)
    public long u32(int offset) {
        sync();
        return inside(offset, 4) ? Integer.toUnsignedLong(ByteBuffer.wrap(packet).getInt(offset)) : -1;
    }

    /** Stores the low byte of {@code value} at {@code offset}; false beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_STORE_U8)
    public boolean storeU8(int offset, int value) {
        sync();
        if (!inside(offset, 1)) {
            return false;
        }
        packet[offset] = (byte) value;
        return true;
    }

    /** Stores the low 16 bits of {@code value} big-endian at {@code offset}; false beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_STORE_U16)
    public boolean storeU16(int offset, int value) {
        sync();
        if (!inside(offset, 2)) {
            return false;
        }
        packet[offset] = (byte) (value >>> 8);
        packet[offset + 1] = (byte) value;
        return true;
    }

    /** Stores {@code value} big-endian at {@code offset}; false beyond the end. */
    @Intrinsic(IntrinsicOp.PACKET_STORE_U32)
    public boolean storeU32(int offset, int value) {
        sync();
        if (!inside(offset, 4)) {
            return false;
        }
        ByteBuffer.wrap(packet).putInt(offset, value);
        return true;
    }

    /** Java side: the current packet bytes, with header field writes applied. */
    public byte[] packet() {
        sync();
        return packet.clone();
    }

    private boolean inside(int offset, int size) {
        return offset >= 0 && (long) offset + size <= packet.length;
    }

    /** Writes back header fields assigned since the last synchronisation (changed bytes only). */
    final void sync() {
        for (View view : views) {
            byte[] now = Codecs.toBytes(view.codec, view.header);
            if (Arrays.equals(now, view.snapshot)) {
                continue;
            }
            for (int i = 0; i < now.length; i++) {
                if (now[i] != view.snapshot[i] && view.offset + i < packet.length) {
                    packet[view.offset + i] = now[i];
                }
            }
            view.snapshot = now;
        }
    }

    /** Replaces the packet bytes (a helper resized or moved it); earlier headers are detached. */
    final void replacePacket(byte[] bytes) {
        sync();
        views.clear();
        packet = bytes;
        packetChanged(bytes.length);
    }

    /** Bytes of the current packet, headers synchronised; for helpers of this package. */
    final byte[] bytes() {
        sync();
        return packet;
    }

    /** Lets a context update members that follow the packet (such as {@code __sk_buff.len}). */
    void packetChanged(int newLength) {
    }

    private static final class View {
        final int offset;
        final Object header;
        final Codec<Object> codec;
        byte[] snapshot;

        @SuppressWarnings("unchecked")
        View(int offset, Object header, Codec<?> codec, byte[] snapshot) {
            this.offset = offset;
            this.header = header;
            this.codec = (Codec<Object>) codec;
            this.snapshot = snapshot;
        }
    }
}
