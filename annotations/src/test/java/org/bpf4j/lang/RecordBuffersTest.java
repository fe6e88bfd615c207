package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.Test;

/** Ring buffers, perf event arrays, program arrays and map initialisation on the JVM. */
class RecordBuffersTest {
    @BpfStruct
    public static final class Event {
        public int pid;
        public long timeNs;
    }

    @Test
    void ringBufferDeliversInReservationOrderAndAccountsCapacity() {
        // Each 16-byte record takes 8 + 16 = 24 bytes: 64 bytes hold two.
        BpfRingBuffer<Event> ring = new BpfRingBuffer<>(Event.class, 64);
        List<Integer> seen = new ArrayList<>();
        try (RecordReader reader = ring.reader(e -> seen.add(e.pid))) {
            Event first = ring.reserve();
            Event second = ring.reserve();
            assertNotNull(first);
            assertNotNull(second);
            assertNull(ring.reserve(), "full");
            first.pid = 1;
            second.pid = 2;
            ring.submit(second);
            assertEquals(0, reader.drain(), "the first record is still reserved");
            ring.submit(first);
            assertEquals(2, reader.drain());
            assertEquals(List.of(1, 2), seen);
            Event third = ring.reserve();
            assertNotNull(third, "consumed records free their space");
            ring.discard(third);
            Event copy = new Event();
            copy.pid = 3;
            assertTrue(ring.output(copy));
            assertEquals(1, reader.poll(Duration.ofMillis(10)));
            assertEquals(List.of(1, 2, 3), seen);
            assertEquals(0, reader.poll(Duration.ofMillis(5)));
            assertEquals(0, reader.lost());
        }
        assertThrows(IllegalArgumentException.class, () -> ring.submit(new Event()));
    }

    @Test
    void perfBufferCountsLostRecords() {
        BpfPerfEventArray<Event> perf = new BpfPerfEventArray<>(Event.class, 32);
        XdpContext ctx = XdpContext.of(new byte[64]);
        Event e = new Event();
        assertTrue(perf.output(ctx, e));
        assertTrue(perf.output(ctx, e));
        assertFalse(perf.output(ctx, e));
        List<Event> seen = new ArrayList<>();
        try (RecordReader reader = perf.reader(seen::add)) {
            assertEquals(2, reader.poll(Duration.ofMillis(10)));
            assertEquals(1, reader.lost());
        }
    }

    static int second(XdpContext ctx) {
        return XdpAction.DROP;
    }

    @Test
    void tailCallsReplaceTheCallersResult() {
        BpfProgArray jumps = new BpfProgArray(4);
        jumps.set(1, RecordBuffersTest::second);
        XdpContext ctx = XdpContext.of(new byte[64]);
        long result = JvmPrograms.run((XdpContext c) -> {
            jumps.tailCall(c, 0); // empty slot: continues
            jumps.tailCall(c, 1);
            return XdpAction.PASS;
        }, ctx);
        assertEquals(XdpAction.DROP, result);
        assertTrue(jumps.clear(1));
        assertEquals(XdpAction.PASS, JvmPrograms.run((XdpContext c) -> {
            jumps.tailCall(c, 1);
            return XdpAction.PASS;
        }, ctx));
        assertThrows(IllegalArgumentException.class, () -> jumps.set(4, RecordBuffersTest::second));
    }

    static final class Program {
        @BpfMap(maxEntries = 16)
        static BpfHashMap<Integer, Long> counts;
        @BpfMap(maxEntries = 4, keySize = 6)
        static BpfLruHashMap<byte[], Event> byMac;
        @BpfMap(maxEntries = 8)
        static BpfPerCpuArrayMap<Long> perCpu;
        @BpfMap(maxEntries = 4096)
        static BpfRingBuffer<Event> events;
        @BpfMap(maxEntries = 2)
        static BpfProgArray jumps;
    }

    static final class BadProgram {
        @BpfMap(maxEntries = 16)
        static BpfHashMap<byte[], Long> missingSize;
    }

    static final class BadRing {
        @BpfMap(maxEntries = 5000)
        static BpfRingBuffer<Event> odd;
    }

    @Test
    void initMapsGivesEveryMapFieldAJvmMap() {
        JvmPrograms.initMaps(Program.class);
        assertEquals(16, Program.counts.maxEntries());
        assertTrue(Program.byMac.put(new byte[6], new Event()));
        assertEquals(JvmCpu.defaultCount(), Program.perCpu.cpus());
        assertEquals(4096, Program.events.maxEntries());
        assertEquals(2, Program.jumps.maxEntries());
        BpfHashMap<Integer, Long> before = Program.counts;
        JvmPrograms.initMaps(Program.class);
        assertTrue(before == Program.counts, "existing maps are kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JvmPrograms.initMaps(BadProgram.class));
        assertTrue(e.getMessage().contains("missingSize"), e.getMessage());
        IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
                () -> JvmPrograms.initMaps(BadRing.class));
        assertTrue(ring.getMessage().contains("power of two"), ring.getMessage());
    }
}
