package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfLruHashMap;
import org.bpf4j.lang.BpfPerfEventArray;
import org.bpf4j.lang.BpfProgArray;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.UpdateFlag;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Map, ring buffer, perf buffer and tail call intrinsics with struct keys and values. */
public final class Intrinsics {
    @BpfStruct
    public static final class Flow {
        public int src;
        public int dst;
        public char port;
        public byte proto;
    }

    @BpfStruct
    public static final class Stats {
        public long packets;
        public long bytes;
        public int last;
    }

    @BpfMap(maxEntries = 128)
    static BpfHashMap<Flow, Stats> flows;

    @BpfMap(maxEntries = 64)
    static BpfLruHashMap<Integer, Integer> seen;

    @BpfMap(maxEntries = 4096)
    static BpfRingBuffer<Flow> records;

    @BpfMap(maxEntries = 0)
    static BpfPerfEventArray<Flow> perf;

    @BpfMap(maxEntries = 4)
    static BpfProgArray jumps;

    @BpfProgram(type = ProgramType.XDP)
    static int intrinsics(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null) {
            return XdpAction.ABORTED;
        }
        Flow f = new Flow();
        f.src = ctx.u8(6);
        f.dst = ctx.u8(0);
        f.port = eth.proto;
        f.proto = 17;
        Stats s = flows.get(f);
        if (s == null) {
            Stats fresh = new Stats();
            fresh.packets = 1;
            fresh.bytes = ctx.length();
            flows.put(f, fresh, UpdateFlag.NO_EXIST);
        } else {
            s.packets++;
            s.bytes += ctx.length();
            s.last = f.src;
        }
        int key = f.src;
        if (!seen.containsKey(key)) {
            seen.put(key, 1);
        } else if (seen.get(key) != null) {
            seen.remove(key);
        }
        records.output(f);
        Flow r = records.reserve();
        if (r != null) {
            r.src = f.dst;
            records.discard(r);
        }
        perf.output(ctx, f);
        jumps.tailCall(ctx, 1);
        return XdpAction.PASS;
    }
}
