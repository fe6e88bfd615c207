package org.bpf4j.runtime.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.RecordReader;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.ringbuf.RingBuffer;

/**
 * The child JVM of {@link TortureTest}: several threads run random operations on shared objects,
 * maps and readers, closing them under each other's calls. Every operation must end in a value,
 * an {@link IllegalStateException} (the object was closed) or a {@link BpfException}; anything
 * else is printed and makes the exit status 2. Arguments: object file, operations, threads, seed.
 */
public final class Torture {
    private static final int SLOTS = 3;
    private final byte[] object;
    private final AtomicReferenceArray<LoadedObject> objects = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<KernelMap> maps = new AtomicReferenceArray<>(SLOTS);
    private final AtomicReferenceArray<RecordReader> readers = new AtomicReferenceArray<>(SLOTS);
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

    private Torture(byte[] object) {
        this.object = object;
    }

    public static void main(String[] args) throws Exception {
        Torture t = new Torture(Files.readAllBytes(Path.of(args[0])));
        long ops = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Random random = new Random(seed + i);
            long share = ops / threads;
            Thread w = new Thread(() -> {
                for (long n = 0; n < share; n++) t.step(random);
            }, "torture-" + i);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) w.join();
        t.closeEverything();
        System.out.printf("torture: %d operations on %d threads in %.1f s: %s%n", ops, threads,
                (System.nanoTime() - t0) / 1e9, new java.util.TreeMap<>(t.outcomes));
        t.unexpected.stream().limit(20).forEach(System.out::println);
        System.exit(t.unexpected.isEmpty() ? 0 : 2);
    }

    private void step(Random random) {
        int slot = random.nextInt(SLOTS);
        int op = random.nextInt(1000);
        String name = "?";
        try {
            if (op < 2) {
                name = "load";
                close(objects.getAndSet(slot, BpfObjectFile.open(object, "torture").load()));
            } else if (op < 4) {
                name = "closeObject";
                close(objects.getAndSet(slot, null));
            } else if (op < 10) {
                name = "createMap";
                close(maps.getAndSet(slot, KernelMap.create("torture", MapKind.HASH, 4, 8, 64, 0)));
            } else if (op < 14) {
                name = "closeMap";
                close(maps.getAndSet(slot, null));
            } else if (op < 20) {
                name = "openReader";
                LoadedObject o = objects.get(slot);
                if (o != null) close(readers.getAndSet(slot, new RingBuffer(o.map("events")).open(b -> b.getInt(0))));
            } else if (op < 24) {
                name = "closeReader";
                close(readers.getAndSet(slot, null));
            } else if (op < 80) {
                name = "poll";
                RecordReader r = readers.get(slot);
                if (r != null) r.poll(Duration.ofMillis(random.nextInt(2)));
            } else if (op < 130) {
                name = "testRun";
                LoadedObject o = objects.get(slot);
                if (o != null) o.program(random.nextBoolean() ? "count" : "filter").testRun().data(new byte[64]).run();
            } else if (op < 300) {
                name = "global";
                LoadedObject o = objects.get(slot);
                if (o != null) o.globals(".bss").setLong("seen", o.globals(".bss").getLong("seen") + 1);
            } else if (op < 650) {
                name = "objectMap";
                LoadedObject o = objects.get(slot);
                if (o != null) mapOp(o.map("counts"), random);
            } else {
                name = "map";
                KernelMap m = maps.get(slot);
                if (m != null) mapOp(m, random);
            }
            count(name + ":ok");
        } catch (IllegalStateException e) {
            count(name + ":closed");
        } catch (BpfException e) {
            count(name + ":" + e.getClass().getSimpleName() + "/" + e.errno());
        } catch (Throwable e) {
            count(name + ":UNEXPECTED");
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            unexpected.add(name + ": " + w);
        }
    }

    private static void mapOp(KernelMap m, Random random) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(random.nextInt(80)).array();
        switch (random.nextInt(4)) {
            case 0 -> m.lookup(key);
            case 1 -> m.delete(key);
            case 2 -> m.nextKey(key);
            default -> m.update(key, new byte[8], 0L);
        }
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private static void close(AutoCloseable c) throws Exception {
        if (c != null) c.close();
    }

    private void closeEverything() throws Exception {
        for (int i = 0; i < SLOTS; i++) {
            close(readers.getAndSet(i, null));
            close(maps.getAndSet(i, null));
            close(objects.getAndSet(i, null));
        }
    }
}
