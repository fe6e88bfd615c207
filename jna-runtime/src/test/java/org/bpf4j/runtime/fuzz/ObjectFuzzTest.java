package org.bpf4j.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bpf4j.object.btf.BtfFormatException;
import org.bpf4j.object.btf.CoreRelocationException;
import org.bpf4j.object.elf.ElfFormatException;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.object.isa.InsnDecodeException;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed objects: each input is a valid clang object with one to three fields changed
 * ({@link ObjectMutator}); opening it, and for one in {@value #LOAD_EVERY} loading it, must
 * succeed or throw a {@link BpfException} whose causes are the project's own (the object
 * layer's format exceptions), never another exception or an {@link Error}, and must take less
 * than a second of the thread's CPU time (user and system, so the verifier's work counts; on a
 * shared, loaded machine wall time also counts the wait for a CPU). Objects whose maps would take more than 64 MiB of kernel memory are opened only. Fixed seed; {@code -Dbpf4j.objfuzz.count=N} runs more, {@code -Dbpf4j.objfuzz.seed=S}
 * others.
 */
@KernelTest
class ObjectFuzzTest {
    private static final int COUNT = Integer.getInteger("bpf4j.objfuzz.count", 10_000);
    private static final long SEED = Long.getLong("bpf4j.objfuzz.seed", 0xB9F4L);
    private static final int LOAD_EVERY = 8;
    private static final long LIMIT_NANOS = 1_000_000_000L;
    private static final long MAX_MAP_BYTES = 64L << 20;
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
    private static final Path PIN_ROOT = Path.of("/sys/fs/bpf");
    private static final Set<Class<?>> OWN = Set.of(ElfFormatException.class, BtfFormatException.class,
            InsnDecodeException.class, CoreRelocationException.class);

    @TempDir
    Path dir;

    private record Input(String name, ObjectMutator mutator) {}

    @Test
    void malformedObjectsFailWithTheProjectsOwnExceptionsQuickly() throws Exception {
        List<Input> inputs = new ArrayList<>();
        for (Path p : FuzzCorpus.compile(dir)) {
            byte[] bytes = Files.readAllBytes(p);
            BpfObjectFile.open(bytes, "valid").load().close(); // the unmutated object loads
            inputs.add(new Input(p.getFileName().toString(), new ObjectMutator(bytes)));
        }
        Random random = new Random(SEED);
        Map<String, String> defects = new LinkedHashMap<>();
        int opened = 0, loaded = 0;
        long slowest = 0;
        for (int i = 0; i < COUNT; i++) {
            Input in = inputs.get(i % inputs.size());
            ObjectMutator.Mutation m = in.mutator().mutate(random);
            long t0 = THREAD.getCurrentThreadCpuTime();
            Throwable failure = null;
            try {
                BpfObjectFile f = BpfObjectFile.open(m.bytes(), "fuzz");
                opened++;
                if (i % LOAD_EVERY == 0 && modestMaps(f)) {
                    try {
                        f.load().close();
                        loaded++;
                    } finally {
                        unpinNew(f);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
            long nanos = THREAD.getCurrentThreadCpuTime() - t0;
            if (i >= inputs.size()) slowest = Math.max(slowest, nanos);
            String what = "input " + i + " (" + in.name() + ": " + m.where() + ")";
            if (nanos > LIMIT_NANOS && i >= inputs.size()) defects.putIfAbsent("slow", what + " took " + nanos / 1_000_000 + " ms of CPU time");
            Throwable foreign = failure == null ? null : foreign(failure);
            if (foreign != null) defects.putIfAbsent(signature(foreign), what + ": " + describe(failure));
        }
        System.out.printf("object fuzz: %d inputs (seed %d), %d opened, %d loaded, slowest %.1f ms of CPU time%n",
                COUNT, SEED, opened, loaded, slowest / 1e6);
        assertTrue(defects.isEmpty(), defects.size() + " kinds of defect:\n" + String.join("\n", defects.values()));
    }

    /**
     * Whether the object's maps are small enough to create: a mutated max_entries of 2^31 makes
     * the kernel allocate gigabytes for seconds, as it would for libbpf; that is not the loader's
     * time, and this machine's memory is shared.
     */
    private static boolean modestMaps(BpfObjectFile f) {
        for (MapSpec m : f.object().maps()) {
            var d = m.definition();
            if (Integer.toUnsignedLong(d.maxEntries()) * (Integer.toUnsignedLong(d.keySize())
                    + Integer.toUnsignedLong(d.valueSize()) + 64) > MAX_MAP_BYTES) {
                return false;
            }
        }
        return true;
    }

    /**
     * Null when {@code t} is a {@link BpfException} caused by nothing, by BpfExceptions or, last,
     * by one of the object layer's format exceptions (which name what is wrong); else the first
     * foreign throwable of the chain.
     */
    private static Throwable foreign(Throwable t) {
        if (!(t instanceof BpfException)) return t;
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (OWN.contains(c.getClass())) return null;
            if (!(c instanceof BpfException)) return c;
        }
        return null;
    }

    private static String signature(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("org.bpf4j")) return t.getClass().getName() + " at " + e;
        }
        return t.getClass().getName();
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) s.append(" <- ").append(c);
        Throwable root = t;
        while (root.getCause() != null) root = root.getCause();
        StackTraceElement[] trace = root.getStackTrace();
        for (int i = 0; i < Math.min(4, trace.length); i++) s.append("\n      at ").append(trace[i]);
        return s.toString();
    }

    /** A mutation may turn a map into a pinned one; its pin is removed (a pin made before the run is never touched). */
    private static void unpinNew(BpfObjectFile f) throws IOException {
        Set<String> names = new HashSet<>();
        for (MapSpec m : f.object().maps()) names.add(m.name());
        for (String n : names) {
            if (n.isEmpty() || n.contains("/") || n.startsWith(".")) continue;
            Path pin = PIN_ROOT.resolve(n);
            if (Files.isRegularFile(pin) && !PINS_BEFORE.contains(n)) Files.deleteIfExists(pin);
        }
    }

    private static final Set<String> PINS_BEFORE = pinsNow();

    private static Set<String> pinsNow() {
        Set<String> names = new HashSet<>();
        try (var s = Files.list(PIN_ROOT)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            // no bpffs: nothing is pinned then
        }
        return names;
    }
}
