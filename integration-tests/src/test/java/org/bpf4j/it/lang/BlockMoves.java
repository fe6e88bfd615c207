package org.bpf4j.it.lang;

import java.util.Arrays;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.Structs;
import org.bpf4j.lang.XdpContext;

/**
 * {@code System.arraycopy}, {@code Arrays.fill} and {@code Structs.copy} of 6, 16, 20 and 40
 * bytes between the packet, the stack, a map value and a ring-buffer record, at aligned and
 * unaligned offsets, overlapping and not. The packet's bytes are the inputs; the return value,
 * the map value, the record and the packet afterwards are the outputs compared with the JVM's.
 * (Writes to the packet stay outside {@code Words}' bytes, which the JVM model keeps as a
 * separate object.)
 */
public final class BlockMoves {
    /** The first 64 bytes of the packet as bytes. */
    @BpfStruct
    public static final class Bytes {
        @Size(64) public byte[] b = new byte[64];
    }

    /** The first 40 bytes of the packet as host-order longs and ints (8-byte aligned in the struct). */
    @BpfStruct
    public static final class Words {
        @Size(3) public long[] w = new long[3];
        @Size(4) public int[] i = new int[4];
    }

    /** What the programs copy into: arrays of three element sizes and a nested struct. */
    @BpfStruct
    public static final class Blob {
        public int head;
        @Size(40) public byte[] b = new byte[40];
        @Size(5) public int[] i = new int[5];
        @Size(5) public long[] w = new long[5];
        public Words words = new Words();
        public short tail;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Blob> blobs;

    @BpfMap(maxEntries = 16384)
    static BpfRingBuffer<Blob> records;

    /** A map value larger than the stack, for copies beyond the unrolled size. */
    @BpfStruct
    public static final class Big {
        @Size(1004) public byte[] b = new byte[1004];
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Big> bigs;

    @BpfProgram(type = ProgramType.XDP)
    static int copies(XdpContext ctx) {
        Bytes p = ctx.header(0, Bytes.class);
        Words q = ctx.header(8, Words.class);
        if (p == null || q == null) {
            return -1;
        }
        Blob v = blobs.get(0);
        if (v == null) {
            return -2;
        }
        byte[] s = new byte[48];
        System.arraycopy(p.b, 1, s, 0, 6);          // packet -> stack, 6 bytes from an odd offset
        System.arraycopy(p.b, 8, s, 8, 16);         // packet -> stack, 16
        System.arraycopy(p.b, 27, s, 26, 20);       // packet -> stack, 20, both unaligned
        System.arraycopy(s, 0, v.b, 0, 40);         // stack -> map value, 40
        System.arraycopy(v.b, 2, v.b, 6, 20);       // map value -> itself, 20, overlapping upwards
        System.arraycopy(v.b, 30, v.b, 24, 6);      // map value -> itself, 6, overlapping downwards
        System.arraycopy(q.w, 0, v.w, 1, 3);        // packet -> map value, 24 as longs
        System.arraycopy(q.i, 0, v.i, 0, 4);        // packet -> map value, 16 as ints
        Structs.copy(v.words, q);                   // packet -> map value, a 40-byte struct
        Blob r = records.reserve();
        if (r == null) {
            return -3;
        }
        Structs.copy(r, v);                         // map value -> record, the whole struct
        System.arraycopy(s, 3, r.b, 11, 6);         // stack -> record, 6
        Arrays.fill(r.i, 1, 5, v.head);             // record, 16 bytes of a run-time int
        int h = r.b[5] * 31 + r.i[4];
        records.submit(r);
        System.arraycopy(v.b, 0, p.b, 48, 16);      // map value -> packet, 16
        Arrays.fill(p.b, 2, 8, (byte) 0x7E);        // packet, 6 bytes of a constant
        Arrays.fill(v.w, 4, 5, -2L);                // map value, one long
        Arrays.fill(s, 6, 26, (byte) v.tail);       // stack, 20 bytes of a run-time byte
        for (byte x : s) {
            h = h * 31 + x;
        }
        return h;
    }

    /** Copies and a fill too long to unroll: loops, forwards and backwards, of 8-, 4- and 1-byte moves. */
    @BpfProgram(type = ProgramType.XDP)
    static int large(XdpContext ctx) {
        Bytes p = ctx.header(0, Bytes.class);
        Big g = bigs.get(0);
        if (p == null || g == null) {
            return -1;
        }
        System.arraycopy(p.b, 0, g.b, 940, 64);     // packet -> map value, 64 byte moves (unrolled)
        System.arraycopy(g.b, 0, g.b, 9, 900);      // overlapping upwards: 1-byte moves from the end
        System.arraycopy(g.b, 16, g.b, 8, 800);     // overlapping downwards: 8-byte moves
        byte[] s = new byte[264];
        System.arraycopy(g.b, 3, s, 0, 261);        // map value -> stack, 1-byte moves
        Arrays.fill(g.b, 100, 1004, s[7]);          // 904 bytes of a run-time byte, 4-byte stores
        int h = 0;
        for (byte x : s) {
            h = h * 31 + x;
        }
        return h;
    }
}
