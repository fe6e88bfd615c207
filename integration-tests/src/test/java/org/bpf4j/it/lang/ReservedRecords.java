package org.bpf4j.it.lang;

import java.util.Arrays;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.Structs;
import org.bpf4j.lang.XdpContext;

/**
 * A ring-buffer record read back after the writes the compiler counts (it rejects a read of
 * bytes some path has not written since reserve(), which the kernel does not zero): a member
 * written on both branches, compound assignments, Arrays.fill, a counted fill loop, then reads
 * at run-time indexes and a copy out of the record.
 */
public final class ReservedRecords {
    /** The inputs, at the start of the packet in host order. */
    @BpfStruct
    public static final class In {
        public int value;
        public int index;
    }

    @BpfStruct
    public static final class Event {
        public int a;
        public int b;
        public long sum;
        @Size(6) public byte[] mac = new byte[6];
        @Size(24) public int[] v = new int[24];
    }

    @BpfMap(maxEntries = 16384)
    static BpfRingBuffer<Event> events;

    @BpfProgram(type = ProgramType.XDP)
    static int record(XdpContext ctx) {
        In in = ctx.header(0, In.class);
        if (in == null) {
            return -1;
        }
        Event e = events.reserve();
        if (e == null) {
            return -2;
        }
        if (in.value > 0) {
            e.a = in.value;
        } else {
            e.a = -in.value;
        }
        e.b = e.a * 3;
        e.a += e.b;
        e.b++;
        Arrays.fill(e.mac, (byte) in.value);
        for (int k = 0; k < 24; k++) {
            e.v[k] = k * in.value;
        }
        e.sum = e.mac[in.index] + e.v[in.index * 4];
        Event copy = new Event();
        Structs.copy(copy, e);
        e.sum += copy.b + copy.v[23];
        int result = (int) e.sum ^ e.a;
        events.submit(e);
        return result;
    }

    private ReservedRecords() {}
}
