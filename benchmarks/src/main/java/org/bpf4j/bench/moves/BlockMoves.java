package org.bpf4j.bench.moves;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/**
 * Port of block_moves.bpf.c: {@code System.arraycopy} of 0, 6, 16, 20 and 40 bytes from a map
 * value to another ({@code map}), from the packet ({@code pkt}), to a ring-buffer record
 * ({@code rec}) and to a struct on the stack ({@code stk}). The length is a constant once the
 * shared method is inlined into each program.
 */
public final class BlockMoves {
    @BpfStruct
    public static final class Blob {
        public long tag;
        @Size(48) public byte[] b = new byte[48];
    }

    @BpfStruct
    public static final class Bytes {
        @Size(40) public byte[] b = new byte[40];
    }

    @BpfMap(maxEntries = 3)
    static BpfArrayMap<Blob> blobs;

    @BpfMap(maxEntries = 4096)
    static BpfRingBuffer<Blob> records;

    private static int mapToMap(XdpContext ctx, int n) {
        Blob v = blobs.get(0);
        Blob w = blobs.get(1);
        if (v == null || w == null) {
            return XdpAction.ABORTED;
        }
        System.arraycopy(v.b, 0, w.b, 0, n);
        return XdpAction.PASS;
    }

    private static int packetToMap(XdpContext ctx, int n) {
        Bytes p = ctx.header(0, Bytes.class);
        if (p == null) {
            return XdpAction.DROP;
        }
        Blob w = blobs.get(1);
        if (w == null) {
            return XdpAction.ABORTED;
        }
        System.arraycopy(p.b, 0, w.b, 0, n);
        return XdpAction.PASS;
    }

    private static int mapToRecord(XdpContext ctx, int n) {
        Blob v = blobs.get(0);
        if (v == null) {
            return XdpAction.ABORTED;
        }
        Blob r = records.reserve();
        if (r == null) {
            return XdpAction.DROP;
        }
        System.arraycopy(v.b, 0, r.b, 0, n);
        records.submit(r);
        return XdpAction.PASS;
    }

    private static int mapToStack(XdpContext ctx, int n) {
        Blob v = blobs.get(0);
        if (v == null) {
            return XdpAction.ABORTED;
        }
        Blob s = new Blob();
        System.arraycopy(v.b, 0, s.b, 0, n);
        blobs.put(2, s);
        return XdpAction.PASS;
    }

    @BpfProgram(type = ProgramType.XDP)
    static int map0(XdpContext ctx) {
        return mapToMap(ctx, 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int pkt0(XdpContext ctx) {
        return packetToMap(ctx, 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int rec0(XdpContext ctx) {
        return mapToRecord(ctx, 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stk0(XdpContext ctx) {
        return mapToStack(ctx, 0);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int map6(XdpContext ctx) {
        return mapToMap(ctx, 6);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int pkt6(XdpContext ctx) {
        return packetToMap(ctx, 6);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int rec6(XdpContext ctx) {
        return mapToRecord(ctx, 6);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stk6(XdpContext ctx) {
        return mapToStack(ctx, 6);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int map16(XdpContext ctx) {
        return mapToMap(ctx, 16);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int pkt16(XdpContext ctx) {
        return packetToMap(ctx, 16);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int rec16(XdpContext ctx) {
        return mapToRecord(ctx, 16);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stk16(XdpContext ctx) {
        return mapToStack(ctx, 16);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int map20(XdpContext ctx) {
        return mapToMap(ctx, 20);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int pkt20(XdpContext ctx) {
        return packetToMap(ctx, 20);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int rec20(XdpContext ctx) {
        return mapToRecord(ctx, 20);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stk20(XdpContext ctx) {
        return mapToStack(ctx, 20);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int map40(XdpContext ctx) {
        return mapToMap(ctx, 40);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int pkt40(XdpContext ctx) {
        return packetToMap(ctx, 40);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int rec40(XdpContext ctx) {
        return mapToRecord(ctx, 40);
    }

    @BpfProgram(type = ProgramType.XDP)
    static int stk40(XdpContext ctx) {
        return mapToStack(ctx, 40);
    }
}
