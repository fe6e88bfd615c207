package org.bpf4j.runtime.map;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfPerCpuArrayMap;
import org.bpf4j.lang.Codecs;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;
import org.bpf4j.runtime.sys.Cpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** KernelMap as the lang SPI's MapStore: same answers as the JVM's HeapMapStore, and the lang map classes work on it. */
@KernelTest
class MapStoreBindingTest {
    @ParameterizedTest
    @EnumSource(value = MapKind.class, names = {"HASH", "ARRAY", "PERCPU_HASH", "PERCPU_ARRAY"})
    void kernelMapAnswersLikeTheHeapStore(MapKind kind) {
        int max = 16;
        try (KernelMap kernel = KernelMap.create("t_spi", kind, 4, 8, max, 0);
             MapStore heap = new HeapMapStore(kind, 4, 8, max, Cpus.possibleCount())) {
            MapStore store = kernel;
            assertEquals(heap.cpus(), store.cpus());
            assertEquals(heap.valueBufferSize(), store.valueBufferSize());
            Random random = new Random(42);
            List<String> trace = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                byte[] key = KernelMapTest.u32(random.nextInt(24)); // some keys beyond max_entries
                byte[] value = new byte[store.valueBufferSize()];
                random.nextBytes(value);
                long flags = random.nextInt(3);
                int op = random.nextInt(3);
                Object expected, actual;
                if (op == 0) {
                    expected = heap.update(key, value, flags);
                    actual = store.update(key, value, flags);
                } else if (op == 1) {
                    expected = heap.delete(key);
                    actual = store.delete(key);
                } else {
                    byte[] a = new byte[value.length], b = new byte[value.length];
                    expected = heap.lookup(key, a) + java.util.Arrays.toString(a);
                    actual = store.lookup(key, b) + java.util.Arrays.toString(b);
                }
                trace.add(step + ": op " + op + " key " + KernelMapTest.asLong(java.util.Arrays.copyOf(key, 8), 0)
                        + " flags " + flags);
                assertEquals(expected, actual, () -> kind + " diverged at " + trace.get(trace.size() - 1));
            }
            List<Long> heapKeys = keys(heap), kernelKeys = keys(store);
            heapKeys.sort(null);
            kernelKeys.sort(null);
            assertEquals(heapKeys, kernelKeys);
        }
    }

    private static List<Long> keys(MapStore s) {
        List<Long> out = new ArrayList<>();
        byte[] next = new byte[4];
        byte[] cur = null;
        while (s.nextKey(cur, next)) {
            out.add((long) KernelMapTest.asLong(java.util.Arrays.copyOf(next, 8), 0));
            cur = next.clone();
        }
        return out;
    }

    @Test
    void langMapClassesRunOnKernelMaps() {
        try (BpfHashMap<Integer, Long> counts = new BpfHashMap<>(Codecs.INT, Codecs.LONG,
                KernelMap.create("t_lang_hash", MapKind.HASH, 4, 8, 8, 0))) {
            assertTrue(counts.put(7, 70L));
            assertTrue(counts.incrementIfPresent(7));
            assertFalse(counts.incrementIfPresent(8));
            assertEquals(71L, counts.get(7));
            assertEquals(Map.of(7, 71L), counts.entries());
            assertTrue(counts.remove(7));
            assertEquals(0, counts.size());
        }
        try (BpfArrayMap<Long> array = new BpfArrayMap<>(Codecs.LONG,
                KernelMap.create("t_lang_array", MapKind.ARRAY, 4, 8, 4, 0))) {
            assertTrue(array.put(2, 5L));
            assertTrue(array.add(2, 10));
            assertEquals(List.of(0L, 0L, 15L, 0L), array.values());
        }
        try (BpfPerCpuArrayMap<Long> perCpu = new BpfPerCpuArrayMap<>(Codecs.LONG,
                KernelMap.create("t_lang_pcpu", MapKind.PERCPU_ARRAY, 4, 8, 2, 0))) {
            List<Long> values = new ArrayList<>();
            for (int c = 0; c < perCpu.cpus(); c++) values.add((long) c + 1);
            assertTrue(perCpu.putAllCpus(1, values));
            assertEquals(values, perCpu.getAllCpus(1));
            assertEquals(values.stream().mapToLong(Long::longValue).sum(), perCpu.sum(1));
        }
    }
}
