package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bpf4j.it.lang.ReservedRecords.Event;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.Test;

/** {@link ReservedRecords} in the kernel and on the JVM: the same return values and the same records. */
@KernelTest
class ReservedRecordsKernelTest {
    @Test
    void recordsReadBackAfterTheirWritesAgreeWithTheJvm() throws Exception {
        JvmPrograms.initMaps(ReservedRecords.class);
        Method program = ReservedRecords.class.getDeclaredMethod("record", XdpContext.class);
        program.setAccessible(true);
        Random random = new Random(14);
        List<Event> kernelRecords = new ArrayList<>();
        List<Event> jvmRecords = new ArrayList<>();
        Set<Integer> results = new HashSet<>();
        try (ReservedRecordsSkeleton skeleton = ReservedRecordsSkeleton.load();
                RecordReader reader = skeleton.events().reader(kernelRecords::add);
                RecordReader jvmReader = ReservedRecords.events.reader(jvmRecords::add)) {
            for (int n = 0; n < 60; n++) {
                int value = n % 4 == 0 ? -random.nextInt(1000) : random.nextInt();
                byte[] packet = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder())
                        .putInt(value).putInt(random.nextInt(6)).array();
                int kernel = skeleton.object().program("record").testRun(packet).retval();
                int jvm = (int) program.invoke(null, XdpContext.of(packet));
                assertEquals(jvm, kernel, "value " + value);
                results.add(kernel);
                reader.drain();
                jvmReader.drain();
            }
        }
        assertTrue(results.size() > 50, "results depend on the input: " + results.size());
        assertEquals(60, kernelRecords.size());
        assertEquals(60, jvmRecords.size());
        for (int k = 0; k < 60; k++) {
            Event expected = jvmRecords.get(k);
            Event actual = kernelRecords.get(k);
            assertEquals(expected.a, actual.a, "a of record " + k);
            assertEquals(expected.b, actual.b, "b of record " + k);
            assertEquals(expected.sum, actual.sum, "sum of record " + k);
            assertArrayEquals(expected.mac, actual.mac, "mac of record " + k);
            assertArrayEquals(expected.v, actual.v, "v of record " + k);
        }
    }
}
