package org.bpf4j.runtime.ringbuf;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class RingBufferTest {
    @TempDir
    Path dir;

    /** Each run emits one record {seq, seq * 3}; failed reservations are counted in .bss. */
    static final String PRODUCER = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
            unsigned long long next_seq, dropped, discarded_seq;

            SEC("socket")
            int produce(struct __sk_buff *skb) {
                unsigned long long seq = __sync_fetch_and_add(&next_seq, 1);
                unsigned long long *rec = bpf_ringbuf_reserve(&events, 16, 0);
                if (!rec) { __sync_fetch_and_add(&dropped, 1); return 0; }
                rec[0] = seq;
                rec[1] = seq * 3;
                if (seq == discarded_seq) bpf_ringbuf_discard(rec, 0); else bpf_ringbuf_submit(rec, 0);
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    record Event(long seq, long tripled) {}

    static final Codec<Event> EVENT = new Codec<>() {
        public int size() { return 16; }
        public void encode(Event e, ByteBuffer out) { out.putLong(e.seq()).putLong(e.tripled()); }
        public Event decode(ByteBuffer in) { return new Event(in.getLong(), in.getLong()); }
    };

    private LoadedObject load(int ringBytes, long discardedSeq) throws Exception {
        Path obj = ClangObjects.compile("producer", PRODUCER, dir);
        BpfObjectFile f = BpfObjectFile.open(obj).resizeMap("events", ringBytes);
        f.globals(".bss").setLong("discarded_seq", discardedSeq);
        return f.load();
    }

    private static void produce(LoadedObject o, int count) {
        o.program("produce").testRun().data(new byte[64]).repeat(count).run();
    }

    @Test
    void millionRecordsArriveInOrderWhileProduced() throws Exception {
        int total = 1_000_000;
        try (LoadedObject o = load(32 << 20, -1); RingBuffer rb = new RingBuffer(o.map("events"))) {
            long[] expected = {0};
            List<String> errors = new ArrayList<>();
            try (RecordReader r = rb.open(EVENT, e -> {
                if (e.seq() != expected[0] || e.tripled() != e.seq() * 3) errors.add("got " + e + " expected seq " + expected[0]);
                expected[0] = e.seq() + 1;
            })) {
                CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> produce(o, total));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (expected[0] < total && System.nanoTime() < deadline) r.poll(Duration.ofMillis(50));
                producer.join();
                r.drain();
            }
            assertEquals(List.of(), errors.size() > 5 ? errors.subList(0, 5) : errors);
            assertEquals(total, expected[0]);
            assertEquals(0, o.globals(".bss").getLong("dropped"));
        }
    }

    @Test
    void overflowIsCountedNotHiddenAndDiscardedRecordsAreSkipped() throws Exception {
        int total = 10_000;
        try (LoadedObject o = load(4096, 5); RingBuffer rb = new RingBuffer(o.map("events"))) {
            produce(o, total); // nobody consumes meanwhile: the 4 KiB ring fills up
            List<Long> seqs = new ArrayList<>();
            try (RecordReader r = rb.open(b -> seqs.add(b.getLong()))) {
                int delivered = r.drain();
                assertEquals(seqs.size(), delivered);
                assertTrue(delivered > 100, "a 4 KiB ring holds well over 100 records of 24 bytes");
                assertEquals(0, r.poll(Duration.ofMillis(10)), "nothing more arrives");
            }
            long dropped = o.globals(".bss").getLong("dropped");
            assertTrue(dropped > 0, "overflow must be visible as drops");
            assertFalse(seqs.contains(5L), "discarded record delivered");
            assertEquals(total, seqs.size() + dropped + 1, "delivered + dropped + discarded = produced");
            for (int i = 1; i < seqs.size(); i++) assertTrue(seqs.get(i) > seqs.get(i - 1), "in order");
            // after draining, the space is free again
            produce(o, 10);
            try (RecordReader r = rb.open(b -> seqs.add(b.getLong()))) {
                assertEquals(10, r.drain());
            }
        }
    }

    @Test
    void pollTimesOutWhenNothingArrives() throws Exception {
        try (LoadedObject o = load(4096, -1); RingBuffer rb = new RingBuffer(o.map("events"));
             RecordReader r = rb.open(b -> fail("no record expected"))) {
            long t0 = System.nanoTime();
            assertEquals(0, r.poll(Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= 90_000_000L, "waited for the timeout");
        }
    }

    @Test
    void rejectsMapsThatAreNotRingBuffers() throws Exception {
        try (LoadedObject o = load(4096, -1)) {
            assertThrows(IllegalArgumentException.class, () -> new RingBuffer(o.map(".bss")));
        }
    }
}
