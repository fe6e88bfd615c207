package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JVM bodies of helpers that have one. */
class JvmHelpersTest {
    @Test
    void timeIsMonotonic() {
        long first = Bpf.ktimeGetNs();
        long second = Bpf.ktimeGetNs();
        assertTrue(second >= first);
    }

    @Test
    void currentProcessIdentity() {
        long pidTgid = Bpf.getCurrentPidTgid();
        assertEquals(ProcessHandle.current().pid(), pidTgid >>> 32);
        assertTrue((int) pidTgid > 0, "thread id");
        long uidGid = Bpf.getCurrentUidGid();
        assertTrue(uidGid >= 0);
        byte[] comm = new byte[16];
        assertEquals(0, Bpf.getCurrentComm(comm));
        assertTrue(comm[0] != 0, "a thread name");
        assertEquals(0, comm[15], "NUL-terminated");
        assertThrows(IllegalArgumentException.class, () -> Bpf.getCurrentComm(new int[4]));
    }

    @Test
    void csumDiffFoldsAndLimitsLikeTheKernel() {
        assertEquals(65535, Bpf.csumDiff(new int[2], new int[2], 0));
        assertEquals(-22, Bpf.csumDiff(new int[100], new int[29], 0), "more than 512 bytes");
        assertEquals(Bpf.csumDiff(null, new int[] {5}, 0), Bpf.csumDiff(new int[0], new int[] {5}, 0));
    }

    @Test
    void smpProcessorIdFollowsTheSimulatedCpu() {
        assertEquals(0, Bpf.getSmpProcessorId());
        assertEquals(3, (int) JvmCpu.on(3, Bpf::getSmpProcessorId));
    }

    @Test
    void tracePrintkFormatsLikeTheKernel() {
        assertEquals("pid 42 -1 4294967295\n", TraceFormat.format("pid %d %d %u\n", 42, -1, -1),
                "32-bit without a length modifier");
        assertEquals("ff FF c", TraceFormat.format("%x %X %c", 255, 255, 'c'));
        assertEquals("big 4294967296 %", TraceFormat.format("big %lld %%", 1L << 32));
        assertEquals("x 18446744073709551615", TraceFormat.format("x %llu", -1));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.format("%d %d", 1));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.format("%s", 1));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.format("%d %d %d %d", 1, 2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.format("%q", 1));
        assertEquals("hi 7\n".getBytes(StandardCharsets.UTF_8).length, Bpf.tracePrintk("hi %d\n", 7));
    }
}
