package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.runtime.sys.Errno;

/**
 * A dynamic probe PMU ({@code kprobe} or {@code uprobe}) under /sys/bus/event_source/devices: its
 * perf type number and the config bit that makes a return probe.
 */
final class ProbePmu {
    private static final Path DEVICES = FeatureProbes.PMU_DEVICES;

    final String name;
    final int type;
    final long retprobeBit;

    private ProbePmu(String name, int type, long retprobeBit) {
        this.name = name;
        this.type = type;
        this.retprobeBit = retprobeBit;
    }

    static ProbePmu kprobe() {
        Path dir = DEVICES.resolve("kprobe");
        if (!FeatureProbes.probePmu("kprobe")) {
            throw new BpfUnsupportedException("this kernel has no kprobe support (CONFIG_KPROBES off): " + dir
                    + " does not exist, so kprobes and kretprobes cannot be attached; use a tracepoint,"
                    + " raw tracepoint or fentry/fexit program instead", Errno.EOPNOTSUPP);
        }
        return read("kprobe", dir);
    }

    static ProbePmu uprobe() {
        Path dir = DEVICES.resolve("uprobe");
        if (!FeatureProbes.probePmu("uprobe")) {
            throw new BpfUnsupportedException("this kernel has no uprobe support (CONFIG_UPROBE_EVENTS off): " + dir
                    + " does not exist", Errno.EOPNOTSUPP);
        }
        return read("uprobe", dir);
    }

    private static ProbePmu read(String name, Path dir) {
        try {
            int type = Integer.parseInt(Files.readString(dir.resolve("type")).strip());
            return new ProbePmu(name, type, 1L << retprobeBit(Files.readString(dir.resolve("format/retprobe")).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + name + " PMU description in " + dir, e);
        }
    }

    /** "config:0" → 0: the bit of config that asks for a return probe. */
    static int retprobeBit(String format) {
        int colon = format.indexOf(':');
        if (!format.startsWith("config:") || colon < 0) {
            throw new IllegalArgumentException("unexpected retprobe format '" + format + "' (expected config:<bit>)");
        }
        return Integer.parseInt(format.substring(colon + 1).strip());
    }
}
