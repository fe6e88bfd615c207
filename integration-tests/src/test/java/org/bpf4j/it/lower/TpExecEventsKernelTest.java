package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.ringbuf.RingBuffer;
import org.bpf4j.runtime.ringbuf.RingBufferReader;
import org.bpf4j.testing.KernelTest;
import org.junit.jupiter.api.Test;

/** The tracepoint port, attached to sched_process_exec, reports a real exec through its ring buffer. */
@KernelTest
class TpExecEventsKernelTest {

    private record Exec(int pid, int uid, long ts, String comm) {}

    @Test
    void reportsAnExec() throws Exception {
        List<Exec> events = new ArrayList<>();
        try (LoadedObject o = BpfObjectFile.openResource(TpExecEvents.class,
                "/META-INF/bpf/org.bpf4j.it.lower.TpExecEvents.bpf.o").load();
             Link link = Attach.tracepoint(o.program("tpExecEvents"), "sched", "sched_process_exec");
             RingBuffer ring = new RingBuffer(o.map("events"));
             RingBufferReader reader = ring.open(b -> events.add(decode(b)))) {
            Process p = new ProcessBuilder("/bin/true").start();
            long pid = p.pid();
            p.waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            // The JDK may exec a spawn helper first: the same pid then execs /bin/true.
            while (events.stream().noneMatch(e -> isTrue(e, pid)) && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(100));
            }
            Exec exec = events.stream().filter(e -> isTrue(e, pid)).findFirst()
                    .orElseThrow(() -> new AssertionError("no exec of true by pid " + pid + " among " + events));
            assertEquals(0, exec.uid(), "tests run as root");
            assertTrue(exec.ts() > 0);
        }
    }

    private static boolean isTrue(Exec e, long pid) {
        return e.pid() == pid && e.comm().equals("true");
    }

    /** struct event { u32 pid; u32 uid; u64 ts; char comm[16]; } */
    private static Exec decode(ByteBuffer b) {
        ByteBuffer r = b.duplicate().order(ByteOrder.nativeOrder());
        byte[] comm = new byte[16];
        r.position(r.position() + 16);
        r.get(comm);
        int end = 0;
        while (end < comm.length && comm[end] != 0) {
            end++;
        }
        ByteBuffer h = b.duplicate().order(ByteOrder.nativeOrder());
        int base = h.position();
        return new Exec(h.getInt(base), h.getInt(base + 4), h.getLong(base + 8), new String(comm, 0, end, StandardCharsets.UTF_8));
    }
}
