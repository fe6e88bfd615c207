package org.bpf4j.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where bpffs is mounted: pinning only works below a bpffs mount point. */
public final class BpfFs {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private BpfFs() {}

    /** Whether {@code path} lies below a mounted bpf file system. */
    public static boolean isOnBpfFs(String path) {
        Path target = Path.of(path).toAbsolutePath().normalize();
        try {
            for (String line : Files.readAllLines(MOUNTS)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("bpf") && target.startsWith(Path.of(f[1]))) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Advice to append to a pin failure when the path is not on bpffs. */
    static String adviceFor(String path) {
        return isOnBpfFs(path) ? "" : " (" + path + " is not on a bpf file system; mount one with"
                + " 'mount -t bpf bpf /sys/fs/bpf')";
    }
}
