package org.bpf4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.map.UpdateMode;

/**
 * Single map operations alone, to compare two builds of the runtime in one sitting
 * ({@code benchmarks/src/main/sh/runtime-versions.sh}): it uses only the API that every build
 * since the runtime's first map-element rewrite has ({@code KernelMap.create}, {@code update},
 * {@code lookup}), so the same class runs against an older jar. Prints, for a hash map of
 * {@value #ENTRIES} entries, the median over {@value #PASSES} passes (after
 * {@value #WARMUP_PASSES} warm-up passes for the JIT) of the nanoseconds per operation of
 * update+lookup one at a time, and of lookup alone: the thread's CPU time (user and system, so
 * the system call's kernel time counts, time waiting for a CPU does not) and the wall time.
 * On a shared machine the CPU time is the figure to compare; the wall time moves with the load.
 *
 * <p>usage: {@code MapOpsBenchmark}; lines {@code bench name=NAME cpu_ns_per_op=X ns_per_op=Y}
 */
public final class MapOpsBenchmark {
    private static final int ENTRIES = 100_000, WARMUP_PASSES = 3, PASSES = 7;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One pass's cost per operation. */
    private record Cost(double cpuNs, double wallNs) {}

    private MapOpsBenchmark() {}

    public static void main(String[] args) {
        try (KernelMap m = KernelMap.create("bench_ops", MapKind.HASH, 4, 8, ENTRIES, 0)) {
            byte[][] keys = new byte[ENTRIES][];
            for (int k = 0; k < ENTRIES; k++) keys[k] = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(k).array();
            Cost[] updateLookup = new Cost[PASSES], lookup = new Cost[PASSES];
            for (int pass = -WARMUP_PASSES; pass < PASSES; pass++) {
                Cost ul = updateThenLookup(m, keys), l = lookupAll(m, keys);
                if (pass < 0) continue;
                updateLookup[pass] = ul;
                lookup[pass] = l;
            }
            print("map_update_lookup_single", updateLookup);
            print("map_lookup_single", lookup);
        }
    }

    /** ns per operation of {@code ENTRIES} updates then {@code ENTRIES} lookups, as RuntimeBenchmark does them. */
    private static Cost updateThenLookup(KernelMap m, byte[][] keys) {
        byte[] value = new byte[8];
        ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        long cpu0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        for (int k = 0; k < keys.length; k++) {
            valueView.putLong(0, k);
            m.update(keys[k], value, UpdateMode.ANY);
        }
        for (byte[] key : keys) m.lookup(key, value);
        return since(cpu0, t0, 2 * keys.length);
    }

    /** ns per lookup of a present key. */
    private static Cost lookupAll(KernelMap m, byte[][] keys) {
        byte[] value = new byte[8];
        long cpu0 = THREADS.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        for (byte[] key : keys) {
            if (!m.lookup(key, value)) throw new IllegalStateException("key missing");
        }
        return since(cpu0, t0, keys.length);
    }

    private static Cost since(long cpu0, long t0, int ops) {
        return new Cost((THREADS.getCurrentThreadCpuTime() - cpu0) / (double) ops, (System.nanoTime() - t0) / (double) ops);
    }

    private static void print(String name, Cost[] passes) {
        System.out.printf("bench name=%s cpu_ns_per_op=%.1f ns_per_op=%.1f%n", name,
                median(Arrays.stream(passes).mapToDouble(Cost::cpuNs).toArray()),
                median(Arrays.stream(passes).mapToDouble(Cost::wallNs).toArray()));
    }

    private static double median(double[] xs) {
        Arrays.sort(xs);
        return xs[xs.length / 2];
    }
}
