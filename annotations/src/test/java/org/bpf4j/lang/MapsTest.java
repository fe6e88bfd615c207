package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.HeapMapStore;
import org.bpf4j.lang.spi.MapStore;
import org.junit.jupiter.api.Test;

/** JVM behaviour of the map classes, which must match the kernel's. */
class MapsTest {
    @BpfStruct
    public static final class Stats {
        public long packets;
        public long bytes;
    }

    @Test
    void hashMapPutGetRemoveAndFlags() {
        BpfHashMap<Integer, Long> map = new BpfHashMap<>(Integer.class, Long.class, 2);
        assertNull(map.get(1));
        assertTrue(map.put(1, 10L));
        assertEquals(10L, map.get(1));
        assertFalse(map.put(1, 11L, UpdateFlag.NO_EXIST));
        assertFalse(map.put(2, 20L, UpdateFlag.EXIST));
        assertTrue(map.put(1, 12L, UpdateFlag.EXIST));
        assertTrue(map.put(2, 20L));
        assertFalse(map.put(3, 30L), "a full hash map refuses new keys");
        assertTrue(map.put(2, 21L), "but replaces existing ones");
        assertEquals(List.of(1, 2), map.keys());
        assertEquals(Map.of(1, 12L, 2, 21L), map.entries());
        assertTrue(map.remove(1));
        assertFalse(map.remove(1));
        assertFalse(map.containsKey(1));
        assertEquals(1, map.size());
        assertThrows(IllegalStateException.class, () -> map.putAll(Map.of(5, 1L, 6, 1L)));
    }

    @Test
    void atomicAddOnlyWhenPresent() {
        BpfHashMap<Integer, Long> map = new BpfHashMap<>(Integer.class, Long.class, 16);
        assertFalse(map.incrementIfPresent(7));
        assertNull(map.get(7));
        map.put(7, 0L);
        assertTrue(map.incrementIfPresent(7));
        assertTrue(map.addIfPresent(7, 41));
        assertEquals(42L, map.get(7));
        BpfHashMap<Integer, Integer> ints = new BpfHashMap<>(Integer.class, Integer.class, 4);
        ints.put(1, Integer.MAX_VALUE);
        ints.incrementIfPresent(1);
        assertEquals(Integer.MIN_VALUE, ints.get(1), "32-bit values wrap like Java int");
        BpfHashMap<Integer, Stats> structs = new BpfHashMap<>(Integer.class, Stats.class, 4);
        structs.put(1, new Stats());
        assertThrows(IllegalStateException.class, () -> structs.incrementIfPresent(1));
    }

    @Test
    void structValuesReturnedByGetAreTheMapValue() {
        BpfHashMap<Integer, Stats> map = new BpfHashMap<>(Integer.class, Stats.class, 4);
        Stats initial = new Stats();
        map.put(5, initial);
        initial.packets = 99; // put copied the value: this write is not seen
        Stats live = map.get(5);
        assertEquals(0, live.packets);
        live.packets++;
        live.bytes += 1500;
        Stats again = map.get(5);
        assertEquals(1, again.packets);
        assertEquals(1500, again.bytes);
        again.packets += 1;
        live.bytes += 100; // both views write different fields: both changes survive
        Stats now = map.entries().get(5);
        assertEquals(2, now.packets);
        assertEquals(1600, now.bytes);
        map.remove(5);
        live.packets = 1000;
        assertNull(map.get(5), "a removed entry stays removed");
    }

    @Test
    void byteArrayKeysCompareByContent() {
        BpfHashMap<byte[], Long> map = new BpfHashMap<>(Codecs.bytes(6), Codecs.LONG, 8);
        map.put(new byte[] {1, 2, 3, 4, 5, 6}, 1L);
        assertEquals(1L, map.get(new byte[] {1, 2, 3, 4, 5, 6}));
        assertThrows(IllegalArgumentException.class, () -> map.get(new byte[] {1}));
    }

    @Test
    void lruMapEvictsTheLeastRecentlyUsed() {
        BpfLruHashMap<Integer, Long> map = new BpfLruHashMap<>(Integer.class, Long.class, 3);
        map.put(1, 1L);
        map.put(2, 2L);
        map.put(3, 3L);
        map.get(1); // 2 is now the least recently used
        assertTrue(map.put(4, 4L));
        assertNull(map.get(2));
        assertEquals(1L, map.get(1));
        assertEquals(3, map.size());
        // Order now 3, 4, 1. Java-side reads, unlike get(), leave the order alone.
        assertEquals(3, map.entries().size());
        assertEquals(3L, map.getAll(List.of(3)).get(3));
        map.put(5, 5L);
        assertNull(map.get(3));
    }

    @Test
    void arrayMapIndexesAlwaysExist() {
        BpfArrayMap<Long> array = new BpfArrayMap<>(Long.class, 4);
        assertEquals(0L, array.get(3));
        assertNull(array.get(4));
        assertNull(array.get(-1));
        assertTrue(array.increment(2));
        assertTrue(array.add(2, 9));
        assertFalse(array.add(4, 1));
        assertTrue(array.put(0, 5L));
        assertFalse(array.put(9, 5L));
        assertEquals(List.of(5L, 0L, 10L, 0L), array.values());
        BpfArrayMap<Stats> scratch = new BpfArrayMap<>(Stats.class, 1);
        scratch.get(0).packets = 3;
        assertEquals(3, scratch.get(0).packets);
    }

    @Test
    void perCpuMapsKeepOneValuePerCpu() {
        BpfPerCpuHashMap<Integer, Long> map = new BpfPerCpuHashMap<>(Codecs.INT, Codecs.LONG, 8, 4);
        assertEquals(4, map.cpus());
        map.put(1, 0L);
        map.incrementIfPresent(1);
        JvmCpu.on(2, () -> map.addIfPresent(1, 10));
        JvmCpu.on(3, () -> map.addIfPresent(1, 5));
        assertEquals(1L, map.get(1));
        assertEquals(10L, JvmCpu.on(2, () -> map.get(1)));
        assertEquals(List.of(1L, 0L, 10L, 5L), map.getAllCpus(1));
        assertEquals(16, map.sum(1));
        assertTrue(map.putAllCpus(1, List.of(1L, 1L, 1L, 1L), UpdateFlag.EXIST));
        assertEquals(4, map.sum(1));
        assertThrows(IllegalArgumentException.class, () -> map.putAllCpus(1, List.of(1L), UpdateFlag.ANY));
        assertThrows(IllegalStateException.class, () -> JvmCpu.on(4, () -> map.get(1)));

        BpfPerCpuArrayMap<Integer> counters = new BpfPerCpuArrayMap<>(Codecs.INT, 2, 2);
        counters.increment(1);
        JvmCpu.on(1, () -> counters.add(1, 6));
        assertEquals(List.of(1, 6), counters.getAllCpus(1));
        assertEquals(7, counters.sum(1));
        assertEquals(0, counters.sum(0));
    }

    @Test
    void perCpuStructValuesAreLivePerCpu() {
        BpfPerCpuArrayMap<Stats> scratch = new BpfPerCpuArrayMap<>(Codecs.struct(Stats.class), 1, 2);
        scratch.get(0).packets = 1;
        JvmCpu.on(1, () -> scratch.get(0)).packets = 2;
        List<Stats> all = scratch.getAllCpus(0);
        assertEquals(1, all.get(0).packets);
        assertEquals(2, all.get(1).packets);
    }

    @Test
    void lpmTrieAnswersWithTheLongestMatchingPrefix() {
        BpfLpmTrieMap<LpmKey4, Integer> rules = new BpfLpmTrieMap<>(LpmKey4.class, Integer.class, 16);
        assertTrue(rules.put(LpmKey4.of("10.0.0.0/8"), 8));
        assertTrue(rules.put(LpmKey4.of("10.1.0.0/16"), 16));
        assertTrue(rules.put(LpmKey4.of("0.0.0.0/0"), 0));
        assertEquals(16, rules.get(LpmKey4.of("10.1.2.3")));
        assertEquals(8, rules.get(LpmKey4.of("10.2.2.3")));
        assertEquals(0, rules.get(LpmKey4.of("192.168.0.1")));
        assertEquals(8, rules.get(LpmKey4.of("10.1.2.3/12")), "a /16 rule does not match a /12 lookup");
        assertTrue(rules.put(LpmKey4.of("10.1.255.255/16"), 17), "bits past the prefix do not count");
        assertEquals(17, rules.get(LpmKey4.of("10.1.0.9")));
        assertEquals(3, rules.size());
        assertTrue(rules.remove(LpmKey4.of("10.1.0.0/16")));
        assertEquals(8, rules.get(LpmKey4.of("10.1.2.3")));
        LpmKey4 tooLong = LpmKey4.of("10.0.0.0/8");
        tooLong.prefixLen = 33;
        assertThrows(IllegalArgumentException.class, () -> rules.put(tooLong, 1));
        assertThrows(IllegalArgumentException.class, () -> LpmKey4.of("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> LpmKey4.of("10.0.0.0/x"));

        BpfLpmTrieMap<LpmKey6, Integer> six = new BpfLpmTrieMap<>(LpmKey6.class, Integer.class, 4);
        six.put(LpmKey6.of("2001:db8::/32"), 32);
        assertEquals(32, six.get(LpmKey6.of("2001:db8::1")));
        assertNull(six.get(LpmKey6.of("2001:db9::1")));
        assertThrows(IllegalArgumentException.class, () -> LpmKey6.of("10.0.0.1/8"));
    }

    @Test
    void lruPerCpuMapEvictsAndKeepsPerCpuValues() {
        BpfLruPerCpuHashMap<Integer, Long> map = new BpfLruPerCpuHashMap<>(Codecs.INT, Codecs.LONG, 2, 2);
        map.put(1, 1L);
        JvmCpu.on(1, () -> map.put(1, 5L));
        map.put(2, 2L);
        map.get(1);
        map.put(3, 3L);
        assertNull(map.get(2));
        assertEquals(List.of(1L, 5L), map.getAllCpus(1));
        assertEquals(6, map.sum(1));
    }

    /** A store with only the required operations, so the interface's default batch methods run. */
    private static final class PlainStore implements MapStore {
        private final HeapMapStore heap;

        PlainStore(HeapMapStore heap) {
            this.heap = heap;
        }

        @Override public int keySize() { return heap.keySize(); }
        @Override public int valueSize() { return heap.valueSize(); }
        @Override public int maxEntries() { return heap.maxEntries(); }
        @Override public int cpus() { return heap.cpus(); }
        @Override public boolean lookup(byte[] key, byte[] value) { return heap.lookup(key, value); }
        @Override public boolean update(byte[] key, byte[] value, long flags) { return heap.update(key, value, flags); }
        @Override public boolean delete(byte[] key) { return heap.delete(key); }
        @Override public boolean nextKey(byte[] key, byte[] next) { return heap.nextKey(key, next); }
        @Override public void close() { heap.close(); }
    }

    @Test
    void defaultBatchOperationsOfTheSpi() {
        BpfHashMap<Integer, Long> map = new BpfHashMap<>(Codecs.INT, Codecs.LONG,
                new PlainStore(new HeapMapStore(MapKind.HASH, 4, 8, 3, 1)));
        map.putAll(Map.of(1, 10L, 2, 20L));
        assertEquals(Map.of(1, 10L, 2, 20L), map.entries());
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> map.putAll(new java.util.TreeMap<>(Map.of(3, 30L, 4, 40L, 5, 50L))));
        assertTrue(full.getMessage().contains("key 4"), full.getMessage());
        assertEquals(30L, map.get(3), "entries before the refused one stay");
        assertThrows(IllegalArgumentException.class, () -> map.store().updateBatch(new byte[4], new byte[4], 1, 0));
    }

    @Test
    void closedMapsRefuseWork() {
        BpfHashMap<Integer, Long> map = new BpfHashMap<>(Integer.class, Long.class, 2);
        map.close();
        assertThrows(IllegalStateException.class, () -> map.get(1));
    }
}
