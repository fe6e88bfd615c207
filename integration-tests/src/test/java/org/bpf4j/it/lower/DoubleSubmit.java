package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.XdpContext;

/** Compiles, but submits a ring buffer record twice, which only the verifier's reference tracking sees. */
public final class DoubleSubmit {
    @BpfStruct
    public static final class Ev {
        public int v;
    }

    @BpfMap(maxEntries = 4096)
    static BpfRingBuffer<Ev> events;

    @BpfProgram(type = ProgramType.XDP)
    static int twice(XdpContext ctx) {
        Ev e = events.reserve();
        if (e == null) {
            return 2;
        }
        events.submit(e);
        events.submit(e);
        return 1;
    }
}
