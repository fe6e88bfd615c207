package org.bpf4j.samples.jvm;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.UsdtContext;

/**
 * HotSpot's {@code hotspot:gc__begin(bool full)} and {@code hotspot:gc__end()}, which the VM
 * thread passes at the start and end of every collection pause: counts of full and other
 * collections, a log2 histogram of pause times, and one {@link Pause} record per pause naming
 * its collector. The name comes from {@code mem__pool__gc__begin(manager, length, pool, ...)},
 * which the collector passes for each memory pool it collects, inside the pause: its manager is
 * the collector as {@code GarbageCollectorMXBean.getName()} names it ({@code G1 Young Generation}).
 */
public final class GcPauses {
    /** The probes, in whichever libjvm.so the traced JVM maps. */
    public static final String BEGIN = "libjvm.so:hotspot:gc__begin", END = "libjvm.so:hotspot:gc__end",
            POOL_BEGIN = "libjvm.so:hotspot:mem__pool__gc__begin";
    /** Indexes of {@link #counts}. */
    public static final int COLLECTIONS = 0, FULL = 1, PAUSE_NS = 2;
    /** Buckets of {@link #pauses}: bucket b counts pauses of [2^b, 2^(b+1)) ns. */
    public static final int BUCKETS = 64;
    /** Bytes of a collector's name kept: {@code G1 Young Generation} has 19. */
    static final int NAME_BYTES = 32;

    @BpfMap(maxEntries = 3)
    static BpfArrayMap<Long> counts;

    @BpfMap(maxEntries = BUCKETS)
    static BpfArrayMap<Long> pauses;

    /** A pause in progress on one thread. */
    @BpfStruct
    public static final class Open {
        public long beginNs;
        public int full;
        /** 0 until the first pool of the pause names the collector. */
        public int nameLength;
        @Size(NAME_BYTES) public byte[] name = new byte[NAME_BYTES];
    }

    /** One pause. */
    @BpfStruct
    public static final class Pause {
        public long timeNs;
        public long durationNs;
        public int full;
        public int nameLength;
        @Size(NAME_BYTES) public byte[] name;

        /** The collector's name, truncated to 32 bytes; empty when no pool probe named it. */
        public String collector() {
            return ProbeStrings.decode(name, nameLength);
        }
    }

    /** The pause in progress on a thread (its thread id), until its gc__end. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Open> started;

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Pause> pauseRecords;

    @BpfProgram(type = ProgramType.USDT, target = BEGIN)
    static int gcBegin(UsdtContext ctx) {
        counts.increment(COLLECTIONS);
        Open open = new Open();
        open.beginNs = Bpf.ktimeGetNs();
        if (ctx.arg(0) != 0) {
            counts.increment(FULL);
            open.full = 1;
        }
        started.put((int) Bpf.getCurrentPidTgid(), open);
        return 0;
    }

    @BpfProgram(type = ProgramType.USDT, target = POOL_BEGIN)
    static int poolGcBegin(UsdtContext ctx) {
        Open open = started.get((int) Bpf.getCurrentPidTgid());
        if (open == null || open.nameLength != 0) {
            return 0;                      // outside a pause, or not its first pool
        }
        open.nameLength = (int) ctx.arg(1);
        Bpf.probeReadUserStr(open.name, ctx.arg(0));
        return 0;
    }

    @BpfProgram(type = ProgramType.USDT, target = END)
    static int gcEnd(UsdtContext ctx) {
        int thread = (int) Bpf.getCurrentPidTgid();
        Open open = started.get(thread);
        if (open == null) {
            return 0;                      // attached during a pause
        }
        long now = Bpf.ktimeGetNs();
        long pause = now - open.beginNs;
        counts.add(PAUSE_NS, pause);
        pauses.increment(log2(pause));
        Pause p = pauseRecords.reserve();
        if (p != null) {
            p.timeNs = now;
            p.durationNs = pause;
            p.full = open.full;
            p.nameLength = open.nameLength;
            for (int i = 0; i < NAME_BYTES; i++) {
                p.name[i] = open.name[i];
            }
            pauseRecords.submit(p);
        }
        started.remove(thread);
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
