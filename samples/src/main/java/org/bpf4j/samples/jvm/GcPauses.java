package org.bpf4j.samples.jvm;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.UsdtContext;

/**
 * HotSpot's {@code hotspot:gc__begin(bool full)} and {@code hotspot:gc__end()}, which the VM
 * thread passes at the start and end of every collection pause: counts of full and other
 * collections and a log2 histogram of pause times.
 */
public final class GcPauses {
    /** The probes, in whichever libjvm.so the traced JVM maps. */
    public static final String BEGIN = "libjvm.so:hotspot:gc__begin", END = "libjvm.so:hotspot:gc__end";
    /** Indexes of {@link #counts}. */
    public static final int COLLECTIONS = 0, FULL = 1, PAUSE_NS = 2;
    /** Buckets of {@link #pauses}: bucket b counts pauses of [2^b, 2^(b+1)) ns. */
    public static final int BUCKETS = 64;

    @BpfMap(maxEntries = 3)
    static BpfArrayMap<Long> counts;

    @BpfMap(maxEntries = BUCKETS)
    static BpfArrayMap<Long> pauses;

    /** When the pause of a thread began (its thread id), until its gc__end. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Long> started;

    @BpfProgram(type = ProgramType.USDT, target = BEGIN)
    static int gcBegin(UsdtContext ctx) {
        counts.increment(COLLECTIONS);
        if (ctx.arg(0) != 0) {
            counts.increment(FULL);
        }
        started.put((int) Bpf.getCurrentPidTgid(), Bpf.ktimeGetNs());
        return 0;
    }

    @BpfProgram(type = ProgramType.USDT, target = END)
    static int gcEnd(UsdtContext ctx) {
        int thread = (int) Bpf.getCurrentPidTgid();
        Long begin = started.get(thread);
        if (begin == null) {
            return 0;                      // attached during a pause
        }
        long pause = Bpf.ktimeGetNs() - begin;
        started.remove(thread);
        counts.add(PAUSE_NS, pause);
        pauses.increment(log2(pause));
        return 0;
    }

    /** The index of the highest set bit (0 for 0 and 1). */
    static int log2(long v) {
        int bits = 0;
        if (v >>> 32 != 0) { v >>>= 32; bits += 32; }
        if (v >>> 16 != 0) { v >>>= 16; bits += 16; }
        if (v >>> 8 != 0) { v >>>= 8; bits += 8; }
        if (v >>> 4 != 0) { v >>>= 4; bits += 4; }
        if (v >>> 2 != 0) { v >>>= 2; bits += 2; }
        if (v >>> 1 != 0) { bits += 1; }
        return bits;
    }

    private GcPauses() {}
}
