package org.bpf4j.bench;

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
 * update+lookup one at a time, and of lookup alone.
 *
 * <p>usage: {@code MapOpsBenchmark}; lines {@code bench name=NAME ns_per_op=X}
 */
public final class MapOpsBenchmark {
    private static final int ENTRIES = 100_000, WARMUP_PASSES = 3, PASSES = 7;

    private MapOpsBenchmark() {}

    public static void main(String[] args) {
        try (KernelMap m = KernelMap.create("bench_ops", MapKind.HASH, 4, 8, ENTRIES, 0)) {
            byte[][] keys = new byte[ENTRIES][];
            for (int k = 0; k < ENTRIES; k++) keys[k] = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(k).array();
            double[] updateLookup = new double[PASSES], lookup = new double[PASSES];
            for (int pass = -WARMUP_PASSES; pass < PASSES; pass++) {
                double ul = updateThenLookup(m, keys), l = lookupAll(m, keys);
                if (pass < 0) continue;
                updateLookup[pass] = ul;
                lookup[pass] = l;
            }
            print("map_update_lookup_single", updateLookup);
            print("map_lookup_single", lookup);
        }
    }

    /** ns per operation of {@code ENTRIES} updates then {@code ENTRIES} lookups, as RuntimeBenchmark does them. */
    private static double updateThenLookup(KernelMap m, byte[][] keys) {
        byte[] value = new byte[8];
        ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        long t0 = System.nanoTime();
        for (int k = 0; k < keys.length; k++) {
            valueView.putLong(0, k);
            m.update(keys[k], value, UpdateMode.ANY);
        }
        for (byte[] key : keys) m.lookup(key, value);
        return (System.nanoTime() - t0) / (2.0 * keys.length);
    }

    /** ns per lookup of a present key. */
    private static double lookupAll(KernelMap m, byte[][] keys) {
        byte[] value = new byte[8];
        long t0 = System.nanoTime();
        for (byte[] key : keys) {
            if (!m.lookup(key, value)) throw new IllegalStateException("key missing");
        }
        return (System.nanoTime() - t0) / (double) keys.length;
    }

    private static void print(String name, double[] nsPerOp) {
        double[] sorted = nsPerOp.clone();
        Arrays.sort(sorted);
        System.out.printf("bench name=%s ns_per_op=%.1f%n", name, sorted[sorted.length / 2]);
    }
}
