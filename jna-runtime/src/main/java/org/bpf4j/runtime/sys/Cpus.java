package org.bpf4j.runtime.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU sets from sysfs: per-CPU map values are sized by the possible CPUs, perf buffers by the online ones. */
public final class Cpus {
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");
    private static volatile int possibleCount;

    private Cpus() {}

    /** Number of possible CPUs (highest possible CPU index + 1), as the kernel sizes per-CPU data. */
    public static int possibleCount() {
        int n = possibleCount;
        if (n == 0) {
            List<Integer> cpus = read(POSSIBLE);
            n = cpus.get(cpus.size() - 1) + 1;
            possibleCount = n;
        }
        return n;
    }

    /** The online CPU indexes, ascending. */
    public static List<Integer> online() {
        return read(ONLINE);
    }

    private static List<Integer> read(Path file) {
        try {
            return parse(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is /sys mounted?)", e);
        }
    }

    /** Parses the kernel's cpulist format, e.g. {@code 0-3,8,10-11}. */
    public static List<Integer> parse(String list) {
        List<Integer> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
                if (from < 0 || to < from) throw new NumberFormatException(p);
                for (int c = from; c <= to; c++) out.add(c);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed CPU list '" + list + "' at '" + p + "'");
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("empty CPU list '" + list + "'");
        return out;
    }
}
