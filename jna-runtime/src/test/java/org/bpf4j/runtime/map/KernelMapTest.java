package org.bpf4j.runtime.map;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfFsMount;
import org.bpf4j.runtime.sys.Cpus;
import org.junit.jupiter.api.Test;

@KernelTest
class KernelMapTest {
    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static long asLong(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(off);
    }

    @Test
    void hashMapUpdateModesLookupDeleteIterate() {
        try (KernelMap m = KernelMap.create("t_hash", MapKind.HASH, 4, 8, 4, 0)) {
            m.update(u32(1), u64(10), UpdateMode.NOEXIST);
            BpfException dup = assertThrows(BpfException.class, () -> m.update(u32(1), u64(11), UpdateMode.NOEXIST));
            assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
            assertThrows(BpfException.class, () -> m.update(u32(2), u64(20), UpdateMode.EXIST));
            m.update(u32(1), u64(12), UpdateMode.EXIST);
            assertEquals(12, asLong(m.lookup(u32(1)), 0));
            for (int i = 2; i <= 4; i++) m.update(u32(i), u64(i * 10));
            BpfException full = assertThrows(BpfException.class, () -> m.update(u32(5), u64(50)));
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            Set<Integer> keys = new HashSet<>();
            for (byte[] k : m.keys()) keys.add(ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals(Set.of(1, 2, 3, 4), keys);
            assertTrue(m.delete(u32(3)));
            assertFalse(m.delete(u32(3)));
            assertNull(m.lookup(u32(3)));
            assertEquals(3, m.entries().size());
        }
    }

    @Test
    void wrongSizesAreRejectedWithClearMessages() {
        try (KernelMap m = KernelMap.create("t_sizes", MapKind.HASH, 4, 8, 4, 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.update(u64(1), u64(1)));
            assertTrue(e.getMessage().contains("key has 8 bytes, expected 4"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.update(u32(1), u32(1)));
            assertThrows(IllegalArgumentException.class, () -> m.lookup(null));
        }
    }

    @Test
    void arrayMapHasEveryIndex() {
        try (KernelMap m = KernelMap.create("t_array", MapKind.ARRAY, 4, 8, 8, 0)) {
            assertEquals(0, asLong(m.lookup(u32(7)), 0));
            m.update(u32(7), u64(77));
            assertEquals(77, asLong(m.lookup(u32(7)), 0));
            assertEquals(8, m.entries().size());
            assertNull(m.lookup(u32(8)));
        }
    }

    @Test
    void perCpuArrayValuesHoldOneSlotPerPossibleCpu() {
        int cpus = Cpus.possibleCount();
        try (KernelMap m = KernelMap.create("t_pcpu", MapKind.PERCPU_ARRAY, 4, 4, 2, 0)) {
            assertEquals(8 * cpus, m.valueBufferSize());
            ByteBuffer v = ByteBuffer.allocate(m.valueBufferSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < cpus; c++) v.putInt(c * 8, 100 + c);
            m.update(u32(1), v.array());
            ByteBuffer back = ByteBuffer.wrap(m.lookup(u32(1))).order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < cpus; c++) assertEquals(100 + c, back.getInt(c * 8));
        }
    }

    @Test
    void lruAndPerCpuHashAndLpmTrie() {
        try (KernelMap lru = KernelMap.create("t_lru", MapKind.LRU_HASH, 4, 8, 64, 0)) {
            for (int i = 0; i < 200; i++) lru.update(u32(i), u64(i)); // evicts instead of failing
            assertNotNull(lru.lookup(u32(199)));
        }
        try (KernelMap pch = KernelMap.create("t_pch", MapKind.PERCPU_HASH, 4, 8, 4, 0)) {
            pch.update(u32(5), new byte[pch.valueBufferSize()]);
            assertEquals(1, pch.entries().size());
        }
        // LPM trie: key = u32 prefix length + IPv4 address; needs BPF_F_NO_PREALLOC (1)
        try (KernelMap lpm = KernelMap.create("t_lpm", MapKind.LPM_TRIE, 8, 4, 16, 1)) {
            lpm.update(new byte[] {16, 0, 0, 0, 10, 1, 0, 0}, u32(16));
            lpm.update(new byte[] {24, 0, 0, 0, 10, 1, 2, 0}, u32(24));
            assertEquals(24, ByteBuffer.wrap(lpm.lookup(new byte[] {32, 0, 0, 0, 10, 1, 2, 3}))
                    .order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals(16, ByteBuffer.wrap(lpm.lookup(new byte[] {32, 0, 0, 0, 10, 1, 9, 3}))
                    .order(ByteOrder.LITTLE_ENDIAN).getInt());
        }
    }

    @Test
    void queueStackAndBloomFilter() {
        try (KernelMap q = KernelMap.create("t_queue", MapKind.QUEUE, 0, 8, 4, 0);
             KernelMap s = KernelMap.create("t_stack", MapKind.STACK, 0, 8, 4, 0);
             KernelMap b = KernelMap.create("t_bloom", MapKind.BLOOM_FILTER, 0, 8, 100, 0)) {
            for (long i = 1; i <= 3; i++) {
                q.push(u64(i));
                s.push(u64(i));
            }
            assertEquals(1, asLong(q.peek(), 0));
            assertEquals(1, asLong(q.lookupAndDelete(null), 0));
            assertEquals(3, asLong(s.lookupAndDelete(null), 0));
            b.push(u64(42));
            assertTrue(b.mayContain(u64(42)));
        }
    }

    @Test
    void batchOperationsRoundTrip() {
        try (KernelMap m = KernelMap.create("t_batch", MapKind.HASH, 4, 8, 1024, 0)) {
            List<byte[]> keys = new ArrayList<>(), values = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                keys.add(u32(i));
                values.add(u64(i * 3L));
            }
            assertEquals(1000, m.updateBatch(keys, values, UpdateMode.ANY));
            List<MapEntry> all = m.lookupBatch(64);
            assertEquals(1000, all.size());
            long sum = 0;
            for (MapEntry e : all) sum += asLong(e.value(), 0);
            assertEquals(3L * 999 * 1000 / 2, sum);
            assertEquals(500, m.deleteBatch(keys.subList(0, 500)));
            assertEquals(500, m.lookupAndDeleteBatch(100).size());
            assertNull(m.nextKey(null));
        }
    }

    @Test
    void freezeMakesMapReadOnlyForUserSpace() {
        try (KernelMap m = KernelMap.create("t_frozen", MapKind.ARRAY, 4, 8, 1, 0)) {
            m.update(u32(0), u64(5));
            m.freeze();
            assertThrows(BpfException.class, () -> m.update(u32(0), u64(6)));
            assertEquals(5, asLong(m.lookup(u32(0)), 0));
        }
    }

    @Test
    void pinAndReopen() throws Exception {
        String path = "/sys/fs/bpf/bpf4j_rtcore_pin_test";
        BpfFsMount.ensure();
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(path));
        try (KernelMap m = KernelMap.create("t_pinned", MapKind.HASH, 4, 8, 4, 0)) {
            m.update(u32(9), u64(99));
            m.pin(path);
            try (KernelMap again = KernelMap.openPinned(path)) {
                assertEquals("t_pinned", again.name());
                assertEquals(MapKind.HASH, again.kind());
                assertEquals(99, asLong(again.lookup(u32(9)), 0));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(path));
        }
    }

    @Test
    void hitsAndMissesInAnyMixAnswerLikeTheKernel() {
        // Element commands take a faster call path while few of them fail; the answers and
        // error messages must not depend on which path a command took.
        try (KernelMap m = KernelMap.create("t_mix", MapKind.HASH, 4, 8, 64, 0)) {
            for (int k = 0; k < 64; k += 2) m.update(u32(k), u64(k * 7L));
            java.util.Random random = new java.util.Random(7);
            byte[] value = new byte[8];
            for (double missRate : new double[] {0, 0.1, 0.5, 1, 0.25, 0}) {
                for (int i = 0; i < 2000; i++) {
                    int k = 2 * random.nextInt(32) + (random.nextDouble() < missRate ? 1 : 0);
                    boolean present = k % 2 == 0;
                    assertEquals(present, m.lookup(u32(k), value), "key " + k + " at miss rate " + missRate);
                    if (present) assertEquals(k * 7L, asLong(value, 0));
                }
                BpfException dup = assertThrows(BpfException.class, () -> m.update(u32(0), u64(1), UpdateMode.NOEXIST));
                assertEquals("map 't_mix': key already exists (update with NOEXIST)", dup.getMessage());
                assertFalse(m.delete(u32(1)));
                assertEquals(0, asLong(m.lookup(u32(0)), 0));
            }
        }
    }

    @Test
    void threadsMixingMapsOfDifferentSizes() throws Exception {
        // Each thread's native buffer grows to the largest key and value it meets.
        try (KernelMap small = KernelMap.create("t_small", MapKind.HASH, 4, 8, 4096, 0);
             KernelMap large = KernelMap.create("t_large", MapKind.HASH, 96, 2048, 4096, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                fs.add(pool.submit(() -> {
                    byte[] bigValue = new byte[2048], back = new byte[2048];
                    for (int i = base; i < base + 1000; i++) {
                        small.update(u32(i), u64(i));
                        ByteBuffer.wrap(bigValue).order(ByteOrder.LITTLE_ENDIAN).putInt(2044, i);
                        large.update(largeKey(i), bigValue);
                        assertEquals(i, asLong(small.lookup(u32(i)), 0));
                        assertNull(small.lookup(u32(i + 100_000)));
                        assertTrue(large.lookup(largeKey(i), back));
                        assertEquals(i, ByteBuffer.wrap(back).order(ByteOrder.LITTLE_ENDIAN).getInt(2044));
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            assertEquals(4000, small.lookupBatch(512).size());
            assertEquals(4000, large.lookupBatch(512).size());
        }
    }

    private static byte[] largeKey(int i) {
        byte[] k = new byte[96];
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putInt(92, i);
        return k;
    }

    @Test
    void manyThreadsShareOneMap() throws Exception {
        try (KernelMap m = KernelMap.create("t_threads", MapKind.HASH, 4, 8, 8192, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int base = t * 1000;
                fs.add(pool.submit(() -> {
                    for (int i = base; i < base + 1000; i++) {
                        m.update(u32(i), u64(i));
                        assertEquals(i, asLong(m.lookup(u32(i)), 0));
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            assertEquals(8000, m.lookupBatch(256).size());
        }
    }
}
