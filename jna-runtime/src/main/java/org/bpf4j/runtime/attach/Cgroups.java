package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;

/** Where cgroup v2 is mounted, and cgroup paths relative to it. */
public final class Cgroups {
    private static final Path MOUNTS = Path.of("/proc/mounts");

    private Cgroups() {}

    /** The cgroup v2 mount point, from /proc/mounts ({@code /sys/fs/cgroup} or, in hybrid setups, {@code /sys/fs/cgroup/unified}). */
    public static Path v2Mount() {
        try {
            for (String line : Files.readAllLines(MOUNTS)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) return Path.of(f[1].replace("\\040", " "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTS, e);
        }
        throw new BpfNotFoundException("no cgroup v2 hierarchy is mounted (no 'cgroup2' line in /proc/mounts);"
                + " mount one with: mount -t cgroup2 none /sys/fs/cgroup/unified", Errno.ENOENT);
    }

    /** {@code cgroup} as is when absolute, else resolved under the v2 mount; it must be an existing directory. */
    public static Path resolve(Path cgroup) {
        Path p = cgroup.isAbsolute() ? cgroup : v2Mount().resolve(cgroup);
        if (!Files.isDirectory(p)) {
            throw new BpfNotFoundException("cgroup " + p + " does not exist (a cgroup is a directory under the"
                    + " cgroup v2 mount " + v2Mount() + ")", Errno.ENOENT);
        }
        return p;
    }
}
