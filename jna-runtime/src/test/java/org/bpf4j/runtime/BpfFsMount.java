package org.bpf4j.runtime;

import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.runtime.sys.BpfFs;

/** Test support: mounts bpffs at /sys/fs/bpf when the machine has not (tests run as root). */
public final class BpfFsMount {
    private BpfFsMount() {}

    public static void ensure() {
        if (BpfFs.isOnBpfFs("/sys/fs/bpf")) return;
        ExternalProcess.stdoutOf("mount", "-t", "bpf", "bpf", "/sys/fs/bpf");
    }
}
