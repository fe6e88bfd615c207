package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Port of xdp_percpu_scratch.bpf.c: hash the first 32 bytes of each frame in a per-CPU buffer. */
public final class XdpPercpuScratch {
    @BpfStruct
    public static final class Head {
        @Size(32)
        public byte[] bytes;
    }

    @BpfStruct
    public static final class Scratch {
        @Size(32)
        public byte[] bytes;
        public int hash;
        public int frames;
    }

    @BpfMap(maxEntries = 1)
    static BpfPerCpuArrayMap<Scratch> scratch;

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Integer> lastHash;

    @BpfProgram(type = ProgramType.XDP)
    static int xdpPercpuScratch(XdpContext ctx) {
        Head head = ctx.header(0, Head.class);
        if (head == null) {
            return XdpAction.PASS;
        }
        Scratch s = scratch.get(0);
        if (s == null) {
            return XdpAction.PASS;
        }
        int i = 0;
        for (byte b : head.bytes) {
            s.bytes[i++] = b;
        }
        int h = 0x811c9dc5;
        for (byte b : s.bytes) {
            h ^= b & 0xFF;
            h *= 16777619;
        }
        s.hash = h;
        s.frames++;
        lastHash.put(0, h);
        return XdpAction.PASS;
    }
}
