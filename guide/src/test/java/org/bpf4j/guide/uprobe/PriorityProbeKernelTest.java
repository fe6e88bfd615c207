package org.bpf4j.guide.uprobe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.attach.UprobeTarget;
import org.junit.jupiter.api.Test;

@KernelTest
class PriorityProbeKernelTest {
    /** libc as this JVM calls it through JNA: the calls the probe sees. */
    interface LibC extends Library {
        int getpriority(int which, int who);
    }

    @Test
    void countsCallsPerArgumentPair() {
        LibC libc = Native.load("c", LibC.class);
        int pid = (int) ProcessHandle.current().pid();
        Path libcPath = UprobeTarget.resolveBinary("libc.so.6");                // a name or a path
        try (PriorityProbeSkeleton probe = PriorityProbeSkeleton.load();
             Link link = Attach.uprobe(probe.onGetpriority(), libcPath, "getpriority", 0, false, pid)) {
            libc.getpriority(0, pid);                       // PRIO_PROCESS, this process
            libc.getpriority(0, pid);
            libc.getpriority(1, 7);                         // PRIO_PGRP 7: fails, but the call is made

            assertEquals(2L, probe.calls().get(PriorityProbe.key(0, pid)));
            assertEquals(1L, probe.calls().get(PriorityProbe.key(1, 7)));
        }
    }
}
