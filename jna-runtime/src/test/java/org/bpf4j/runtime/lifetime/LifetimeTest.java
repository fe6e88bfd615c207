package org.bpf4j.runtime.lifetime;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.ringbuf.PerfBuffer;
import org.bpf4j.runtime.ringbuf.RingBuffer;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproducers of the crashes and the silent corruption that closing objects from Java
 * used to cause; each now ends in a value or an {@link IllegalStateException} naming the object.
 */
@KernelTest
class LifetimeTest {
    /** A socket program emitting a 16-byte record to a ring buffer and to a perf buffer per run. */
    static final String PRODUCER = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } events SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4); } samples SEC(".maps");
            unsigned long long seq;

            SEC("socket")
            int produce(struct __sk_buff *skb) {
                unsigned long long rec[2] = { __sync_fetch_and_add(&seq, 1), 7 };
                bpf_ringbuf_output(&events, rec, sizeof(rec), 0);
                bpf_perf_event_output(skb, &samples, BPF_F_CURRENT_CPU, rec, sizeof(rec));
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    Path dir;

    private LoadedObject loadProducer() throws Exception {
        return BpfObjectFile.open(ClangObjects.compile("producer", PRODUCER, dir)).load();
    }

    @Test
    void globalsReadAfterCloseThrowNamingTheObject() throws Exception {
        LoadedObject o = loadProducer();
        GlobalData bss = o.globals(".bss");
        bss.setLong("seq", 42);
        assertEquals(42, bss.getLong("seq"));
        o.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> bss.getLong("seq"));
        assertTrue(e.getMessage().contains(".bss of object 'producer'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> bss.setLong("seq", 1));
        assertThrows(IllegalStateException.class, () -> o.globals(".bss"));
    }

    @Test
    void aKeptGlobalsBufferStaysReadableAfterClose() throws Exception {
        LoadedObject o = loadProducer();
        GlobalData bss = o.globals(".bss");
        bss.setLong("seq", 9);
        ByteBuffer kept = bss.buffer();
        o.close();
        assertEquals(9, kept.getLong(bss.offset("seq")), "the view keeps the memory mapped");
    }

    @Test
    void globalsReadWhileAnotherThreadClosesGiveValuesOrIllegalState() throws Exception {
        byte[] object = java.nio.file.Files.readAllBytes(ClangObjects.compile("producer", PRODUCER, dir));
        for (int round = 0; round < 100; round++) {
            LoadedObject o = BpfObjectFile.open(object, "producer").load();
            GlobalData bss = o.globals(".bss");
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                started.countDown();
                try {
                    while (true) bss.setLong("seq", bss.getLong("seq") + 1);
                } catch (IllegalStateException closed) {
                    // the outcome once closed
                } catch (Throwable t) {
                    unexpected.set(t);
                }
            });
            reader.start();
            started.await();
            o.close();
            reader.join();
            assertNull(unexpected.get());
        }
    }

    @Test
    void ringBufferClosedWhilePolledOnAnotherThread() throws Exception {
        try (LoadedObject o = loadProducer()) {
            RingBuffer rb = new RingBuffer(o.map("events"));
            closeWhilePolling(o, () -> rb.open(b -> { }), "ring buffer 'events' reader is closed");
        }
    }

    @Test
    void perfBufferClosedWhilePolledOnAnotherThread() throws Exception {
        try (LoadedObject o = loadProducer()) {
            PerfBuffer pb = new PerfBuffer(o.map("samples"), 1);
            closeWhilePolling(o, () -> pb.open(b -> { }), "perf buffer 'samples' reader is closed");
        }
    }

    private interface Opener {
        RecordReader open();
    }

    /** 200 rounds: one thread polls (records keep coming), another closes; then poll throws. */
    private static void closeWhilePolling(LoadedObject o, Opener opener, String closedMessage) throws Exception {
        for (int round = 0; round < 200; round++) {
            RecordReader r = opener.open();
            o.program("produce").testRun().data(new byte[64]).repeat(50).run();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Duration wait = Duration.ofMillis(round % 2 == 0 ? 0 : 1000);
            Thread poller = new Thread(() -> {
                started.countDown();
                try {
                    while (true) r.poll(wait);
                } catch (IllegalStateException closed) {
                    // the outcome once closed
                } catch (Throwable t) {
                    unexpected.set(t);
                }
            });
            poller.start();
            started.await();
            long t0 = System.nanoTime();
            r.close();
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(500).toNanos(), "close woke the waiting poll");
            poller.join(5000);
            assertFalse(poller.isAlive());
            assertNull(unexpected.get());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.poll(Duration.ZERO));
            assertEquals(closedMessage, e.getMessage());
        }
    }

    @Test
    void recordsKeptPastTheCallbackAndTheReaderStayReadable() throws Exception {
        try (LoadedObject o = loadProducer()) {
            List<ByteBuffer> kept = new ArrayList<>();
            RecordReader r = new RingBuffer(o.map("events")).open(kept::add);
            o.program("produce").testRun().data(new byte[64]).repeat(100).run();
            r.drain();
            r.close();
            assertEquals(100, kept.size());
            for (int i = 0; i < kept.size(); i++) {
                assertEquals(i, kept.get(i).getLong(0));
                assertEquals(7, kept.get(i).getLong(8));
            }
        }
    }

    @Test
    void closingTheReaderFromItsOwnCallbackStopsThePoll() throws Exception {
        try (LoadedObject o = loadProducer()) {
            AtomicLong seen = new AtomicLong();
            RecordReader[] r = new RecordReader[1];
            r[0] = new RingBuffer(o.map("events")).open(b -> {
                seen.incrementAndGet();
                r[0].close();
            });
            o.program("produce").testRun().data(new byte[64]).repeat(10).run();
            assertEquals(1, r[0].poll(Duration.ZERO));
            assertEquals(1, seen.get());
            assertThrows(IllegalStateException.class, () -> r[0].drain());
        }
    }

    @Test
    void testRunWithOutputCapacityZeroPassesNoOutputBuffer() throws Exception {
        try (LoadedObject o = loadProducer()) {
            TestRunResult r = o.program("produce").testRun().data(new byte[3000]).dataOutCapacity(0).run();
            assertEquals(0, r.data().length);
            assertEquals(3000, o.program("produce").testRun().data(new byte[3000]).dataOutCapacity(3000).run().data().length);
        }
    }

    /**
     * Three threads update map A while a fourth closes A and creates B: without holding the
     * descriptor around each call, B (given A's number) received A's writes in about one round
     * in twelve.
     */
    @Test
    void writesToAClosedMapNeverReachAMapCreatedUnderItsNumber() throws Exception {
        byte[] key = new byte[4];
        byte[] marker = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0xA).array();
        for (int round = 0; round < 500; round++) {
            KernelMap a = KernelMap.create("lt_a", MapKind.ARRAY, 4, 8, 1, 0);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(3);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread w = new Thread(() -> {
                    started.countDown();
                    try {
                        while (!stop.get()) a.update(key, marker);
                    } catch (IllegalStateException closed) {
                        // the outcome once closed
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                });
                w.start();
                writers.add(w);
            }
            started.await();
            a.close();
            try (KernelMap b = KernelMap.create("lt_b", MapKind.ARRAY, 4, 8, 1, 0)) {
                stop.set(true);
                for (Thread w : writers) w.join();
                assertNull(unexpected.get());
                assertEquals(0, ByteBuffer.wrap(b.lookup(key)).order(ByteOrder.nativeOrder()).getLong(),
                        "round " + round + ": map B received map A's writes");
            }
        }
    }
}
