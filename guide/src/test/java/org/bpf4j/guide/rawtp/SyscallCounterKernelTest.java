package org.bpf4j.guide.rawtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Test;

@KernelTest
class SyscallCounterKernelTest {
    /** x86-64's number; HotSpot's {@code Thread.yield()} is one {@code sched_yield} call. */
    private static final int SCHED_YIELD = 24;

    @Test
    void countsThisProcesssSyscalls() {
        Prerequisites.require("x86-64 syscall numbers", System.getProperty("os.arch").equals("amd64"));
        int pid = (int) ProcessHandle.current().pid();
        try (SyscallCounterSkeleton counter = SyscallCounterSkeleton.open().targetPid(pid).load().attach()) {
            for (int i = 0; i < 100; i++) Thread.yield();

            Long yields = counter.calls().get(SCHED_YIELD);
            assertTrue(yields != null && yields >= 100, "sched_yield calls: " + yields);
        }
    }
}
