package org.bpf4j.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.map.MapEntry;
import org.bpf4j.runtime.map.UpdateMode;
import org.bpf4j.runtime.ringbuf.RingBuffer;

/**
 * Runtime throughput through bpf4j, the same work as {@code benchmarks/src/main/c/runtime_bench.c}
 * does through libbpf, with the same output lines: hash-map updates+lookups one by one and in
 * batches of 1024, ring-buffer records consumed per second while a program produces them, and
 * the time to open, load and close an object.
 *
 * <p>usage: {@code RuntimeBenchmark PRODUCER.bpf.o LOAD.bpf.o} (the producer is
 * {@code benchmarks/src/main/c/ringbuf_producer.bpf.c} compiled with clang)
 */
public final class RuntimeBenchmark {
    private static final int ENTRIES = 100_000, RECORDS = 2_000_000, LOADS = 200, BATCH = 1024;

    private RuntimeBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: RuntimeBenchmark PRODUCER.bpf.o LOAD.bpf.o");
            System.exit(2);
        }
        mapOps(false); // twice to warm the JIT (C2 is still compiling during the second), then measured
        mapOps(false);
        mapOps(true);
        ringBuffer(Path.of(args[0]));
        loadTime(Path.of(args[1]));
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    private static void mapOps(boolean report) {
        try (KernelMap m = KernelMap.create("bench_hash", MapKind.HASH, 4, 8, ENTRIES, 0)) {
            byte[][] keys = new byte[ENTRIES][];
            for (int k = 0; k < ENTRIES; k++) keys[k] = u32(k);
            byte[] value = new byte[8];
            ByteBuffer valueView = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
            long t0 = System.nanoTime();
            // Like the C side (v = k; update(&k, &v)): one value buffer, rewritten each time.
            for (int k = 0; k < ENTRIES; k++) {
                valueView.putLong(0, k);
                m.update(keys[k], value, UpdateMode.ANY);
            }
            for (int k = 0; k < ENTRIES; k++) m.lookup(keys[k], value);
            if (report) print("map_update_lookup_single", 2.0 * ENTRIES, t0);

            List<byte[]> ks = new ArrayList<>(), vs = new ArrayList<>();
            for (int k = 0; k < ENTRIES; k++) {
                ks.add(keys[k]);
                vs.add(u64(k * 2L));
            }
            t0 = System.nanoTime();
            for (int at = 0; at < ENTRIES; at += BATCH) {
                int end = Math.min(ENTRIES, at + BATCH);
                m.updateBatch(ks.subList(at, end), vs.subList(at, end), UpdateMode.ANY);
            }
            List<MapEntry> all = m.lookupBatch(BATCH);
            if (report) print("map_update_lookup_batched", ENTRIES + all.size(), t0);
        }
    }

    private static void ringBuffer(Path producer) {
        try (LoadedObject o = BpfObjectFile.open(producer).load(); RingBuffer rb = new RingBuffer(o.map("events"))) {
            consume(o, rb, RECORDS / 10, false); // warm the JIT
            consume(o, rb, RECORDS, true);
        }
    }

    /** Consumes while the program produces {@code count} records, then drains what is left. */
    private static void consume(LoadedObject o, RingBuffer rb, int count, boolean report) {
        long[] received = {0};
        long droppedBefore = dropped(o);
        try (RecordReader r = rb.open(b -> received[0]++)) {
            long t0 = System.nanoTime();
            CompletableFuture<Void> run = CompletableFuture.runAsync(
                    () -> o.program("produce").testRun().data(new byte[64]).repeat(count).run());
            while (!run.isDone()) r.poll(Duration.ofMillis(50));
            run.join();
            r.drain();
            if (report) {
                print("ringbuf_records", received[0], t0);
                System.out.printf("bench name=ringbuf_dropped count=%d%n",
                        dropped(o) - droppedBefore);
            }
        }
    }

    private static long dropped(LoadedObject o) {
        return ByteBuffer.wrap(o.map("drops").lookup(new byte[4])).order(ByteOrder.nativeOrder()).getLong();
    }

    private static void loadTime(Path object) throws Exception {
        byte[] bytes = Files.readAllBytes(object);
        for (int i = 0; i < 100; i++) BpfObjectFile.open(bytes, "warmup").load().close(); // JIT warm-up
        long t0 = System.nanoTime();
        for (int i = 0; i < LOADS; i++) BpfObjectFile.open(bytes, "bench").load().close();
        System.out.printf("bench name=open_load_close ms=%.3f%n", (System.nanoTime() - t0) / 1e6 / LOADS);
    }

    private static void print(String name, double ops, long startNanos) {
        System.out.printf("bench name=%s ops_per_s=%.0f%n", name, ops / ((System.nanoTime() - startNanos) / 1e9));
    }
}
