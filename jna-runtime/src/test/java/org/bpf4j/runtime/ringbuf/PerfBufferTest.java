package org.bpf4j.runtime.ringbuf;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.sys.Cpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class PerfBufferTest {
    @TempDir
    Path dir;

    static final String PRODUCER = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct {
                __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
                __uint(key_size, sizeof(int));
                __uint(value_size, sizeof(int));
            } events SEC(".maps");
            unsigned long long next_seq;

            SEC("xdp")
            int produce(struct xdp_md *ctx) {
                unsigned long long rec[2];
                rec[0] = __sync_fetch_and_add(&next_seq, 1);
                rec[1] = 0xfeed;
                bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, rec, sizeof(rec));
                return XDP_PASS;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    private static void produce(LoadedObject o, int count) {
        o.program("produce").testRun().data(new byte[64]).repeat(count).run();
    }

    @Test
    void samplesArriveInOrderAndLossIsReported() throws Exception {
        Path obj = ClangObjects.compile("perf", PRODUCER, dir);
        try (LoadedObject o = BpfObjectFile.open(obj).load()) {
            assertEquals(Cpus.possibleCount(), o.map("events").maxEntries(), "max_entries 0 means one slot per CPU");
            List<Long> seqs = new ArrayList<>();
            try (var reader = new PerfBuffer(o.map("events"), 1).open(b -> {
                seqs.add(b.getLong());
                assertEquals(0xfeed, b.getLong());
            })) {
                produce(o, 100);
                assertEquals(100, reader.poll(Duration.ofSeconds(1)));
                for (int i = 0; i < 100; i++) assertEquals(i, seqs.get(i));

                // the kernel writes a CPU's LOST record with that CPU's next sample: both runs must
                // be on one CPU, so this thread is pinned to the CPU it is on while they run
                int delivered;
                try (ThreadPin pin = ThreadPin.toOneCpu()) {
                    produce(o, 10_000); // one page per CPU: most of these cannot fit
                    delivered = reader.drain();
                    assertTrue(delivered > 0 && delivered < 10_000, "delivered " + delivered);
                    produce(o, 1);
                    delivered += reader.drain();
                }
                assertTrue(reader.lost() > 0, "loss must be reported");
                assertEquals(10_001, delivered + reader.lost(), "delivered + lost = produced");
                for (int i = 1; i < seqs.size(); i++) assertTrue(seqs.get(i) > seqs.get(i - 1), "in order");
            }
        }
    }

    /** Pins the calling thread to one CPU with taskset(1), and gives it back its former CPUs on close. */
    private record ThreadPin(long tid, String formerCpus) implements AutoCloseable {
        static ThreadPin toOneCpu() throws Exception {
            long tid = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
            String former = taskset("-pc", String.valueOf(tid)).replaceFirst("(?s).*affinity list: *", "").strip();
            taskset("-pc", former.split("[,-]")[0], String.valueOf(tid));
            return new ThreadPin(tid, former);
        }

        @Override
        public void close() throws Exception {
            taskset("-pc", formerCpus, String.valueOf(tid));
        }

        private static String taskset(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("taskset"));
            command.addAll(List.of(args));
            return ExternalProcess.stdoutOf(command.toArray(String[]::new));
        }
    }

    @Test
    void rejectsBadArguments() throws Exception {
        Path obj = ClangObjects.compile("perf", PRODUCER, dir);
        try (LoadedObject o = BpfObjectFile.open(obj).load()) {
            assertThrows(IllegalArgumentException.class, () -> new PerfBuffer(o.map("events"), 3));
            assertThrows(IllegalArgumentException.class, () -> new PerfBuffer(o.map(".bss")));
        }
    }
}
