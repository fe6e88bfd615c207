package org.bpf4j.runtime;

import java.io.IOException;
import org.bpf4j.runtime.sys.BpfFs;

/** Test support: mounts bpffs at /sys/fs/bpf when the machine has not (tests run as root). */
public final class BpfFsMount {
    private BpfFsMount() {}

    public static void ensure() throws IOException, InterruptedException {
        if (BpfFs.isOnBpfFs("/sys/fs/bpf")) return;
        Process p = new ProcessBuilder("mount", "-t", "bpf", "bpf", "/sys/fs/bpf").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("mount -t bpf bpf /sys/fs/bpf failed: " + out);
    }
}
