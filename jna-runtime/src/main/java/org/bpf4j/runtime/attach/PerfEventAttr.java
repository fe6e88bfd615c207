package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.lang.ref.Reference;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/** A {@code struct perf_event_attr} (version 7, 128 bytes) and perf_event_open(2) on it. */
final class PerfEventAttr {
    static final int TYPE_SOFTWARE = 1, TYPE_TRACEPOINT = 2;
    private static final int SIZE = 128;
    private static final long PERF_FLAG_FD_CLOEXEC = 1 << 3;

    private final Memory attr = new Memory(SIZE);
    /** The path string config1 points to (uprobes), alive as long as this attr. */
    private Memory path;

    PerfEventAttr(int type, long config) {
        attr.clear();
        attr.setInt(0, type);
        attr.setInt(4, SIZE);
        attr.setLong(8, config);
    }

    PerfEventAttr samplePeriod(long period) {
        attr.setLong(16, period);
        return this;
    }

    /** config1 as a pointer to a NUL-terminated path (uprobe_path / kprobe_func). */
    PerfEventAttr config1String(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        path = new Memory(b.length + 1);
        path.write(0, b, 0, b.length);
        path.setByte(b.length, (byte) 0);
        attr.setPointer(56, path);
        return this;
    }

    /** config2: probe offset (uprobes) or address. */
    PerfEventAttr config2(long value) {
        attr.setLong(64, value);
        return this;
    }

    /** Opens the event for {@code pid} (-1: every process) on {@code cpu} (-1: every CPU). */
    Fd open(int pid, int cpu, String subject) {
        int fd = Sys.perfEventOpen(attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC, subject);
        Reference.reachabilityFence(path);
        return new Fd(fd, "perf event for " + subject);
    }
}
