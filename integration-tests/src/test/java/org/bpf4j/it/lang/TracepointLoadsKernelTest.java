package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.it.lang.TracepointLoads.Seen;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.TracepointContext;
import org.bpf4j.runtime.sys.LibC;
import org.junit.jupiter.api.Test;

/**
 * {@link TracepointLoads} attached to {@code syscalls/sys_enter_close}: closing descriptors that
 * do not exist makes the kernel run it on the real record; the same method on the JVM, given
 * that record, must leave the same map value.
 */
@KernelTest
class TracepointLoadsKernelTest {
    @Test
    void u32OfATracepointRecordIsTheUnsignedValueInBothWorlds() throws Exception {
        int tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        JvmPrograms.initMaps(TracepointLoads.class);
        try (TracepointLoadsSkeleton skeleton = TracepointLoadsSkeleton.load().attach()) {
            for (int fd : new int[] {-16, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x12345678}) {
                skeleton.seen().put(0, watching(tid));
                TracepointLoads.seen.put(0, watching(tid));
                LibC.close(fd);                               // EBADF: no such descriptor
                jvm(record(fd));
                Seen expected = TracepointLoads.seen.get(0);
                Seen actual = skeleton.seen().get(0);
                String what = "close(" + fd + ")";
                assertEquals(1, actual.closes, what + ": the tracepoint fired once");
                assertEquals(Integer.toUnsignedLong(fd), actual.fd, what + ": u32 is the unsigned value");
                assertEquals(expected.fd, actual.fd, what);
                assertEquals(expected.shifted, actual.shifted, what);
                assertEquals(expected.sum, actual.sum, what);
                assertEquals(expected.above, actual.above, what);
                assertEquals(expected.low16, actual.low16, what);
                assertEquals(expected.low8, actual.low8, what);
            }
        }
    }

    private static Seen watching(int tid) {
        Seen s = new Seen();
        s.tid = tid;
        return s;
    }

    /** The record the kernel writes for {@code close(fd)}: the argument as an 8-byte field at 16. */
    private static byte[] record(int fd) {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
        b.putLong(16, Integer.toUnsignedLong(fd));
        return b.array();
    }

    private static void jvm(byte[] record) throws Exception {
        Method method = TracepointLoads.class.getDeclaredMethod("closing", TracepointContext.class);
        method.setAccessible(true);
        try {
            method.invoke(null, TracepointContext.of(record));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
    }
}
