package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.it.lang.RecordArrays.Seen;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.TracepointContext;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordArrays} attached to {@code task/task_rename}: renaming this thread makes the
 * kernel run it on the real record; the same method on the JVM, given that record, must leave
 * the same map value.
 */
@KernelTest
class RecordArraysKernelTest {
    private static final Path COMM = Path.of("/proc/thread-self/comm");

    @Test
    void forEachAndRuntimeIndexesOverATracepointRecordsArrays() throws Exception {
        int tid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        String original = Files.readString(COMM).strip();
        JvmPrograms.initMaps(RecordArrays.class);
        try (RecordArraysSkeleton skeleton = RecordArraysSkeleton.load().attach()) {
            String[] names = {"bpf4j-lang2", "x", "fifteen-chars-1", "ab"};
            int[] indexes = {2, 0, 14, 1};
            String previous = original;
            for (int k = 0; k < names.length; k++) {
                Seen start = watching(tid, indexes[k]);
                start.renames = k;
                skeleton.seen().put(0, start);
                RecordArrays.seen.put(0, watching(tid, indexes[k]));
                RecordArrays.seen.get(0).renames = k;
                rename(names[k]);
                jvm(record(tid, previous, names[k]));
                Seen expected = RecordArrays.seen.get(0);
                Seen actual = skeleton.seen().get(0);
                String what = "rename " + previous + " -> " + names[k];
                assertEquals(k + 1, actual.renames, what + ": the tracepoint fired once");
                assertEquals(expected.length, actual.length, what);
                assertEquals(expected.last, actual.last, what);
                assertEquals(expected.picked, actual.picked, what);
                assertEquals(expected.oldSum, actual.oldSum, what);
                assertArrayEquals(expected.reversed, actual.reversed, what);
                previous = names[k];
            }
        } finally {
            rename(original);
        }
    }

    private static Seen watching(int tid, int index) {
        Seen s = new Seen();
        s.pid = tid;
        s.index = index;
        s.reversed = new byte[16];
        return s;
    }

    private static void rename(String name) throws IOException {
        Files.writeString(COMM, name);
    }

    /** The record the kernel writes for a rename from {@code from} to {@code to}. */
    private static byte[] record(int tid, String from, String to) {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        b.putInt(8, tid);
        b.put(12, from.getBytes(StandardCharsets.UTF_8));
        b.put(28, to.getBytes(StandardCharsets.UTF_8));
        return b.array();
    }

    private static void jvm(byte[] record) throws Exception {
        Method method = RecordArrays.class.getDeclaredMethod("renamed", TracepointContext.class);
        method.setAccessible(true);
        try {
            method.invoke(null, TracepointContext.of(record));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        }
    }
}
