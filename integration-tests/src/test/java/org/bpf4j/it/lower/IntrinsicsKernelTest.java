package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/** Struct keys and values, presence tests, removal, ring and perf buffer output and a failing tail call, in the kernel. */
@KernelTest
class IntrinsicsKernelTest {

    @Test
    void mapsWithStructKeysAndValues() {
        try (LoadedObject o = BpfObjectFile.openResource(Intrinsics.class, "/META-INF/bpf/org.bpf4j.it.lower.Intrinsics.bpf.o").load()) {
            byte[] packet = new byte[60];
            packet[0] = 7;
            packet[6] = 9;
            packet[12] = 0x08;
            for (int i = 0; i < 3; i++) {
                assertEquals(2, o.program("intrinsics").testRun(packet).retval(), "PASS after the tail call fails");
            }
            ByteBuffer key = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            key.putInt(0, 9).putInt(4, 7).putChar(8, (char) 0x0800).put(10, (byte) 17);
            ByteBuffer stats = ByteBuffer.wrap(o.map("flows").lookup(key.array())).order(ByteOrder.nativeOrder());
            assertEquals(3, stats.getLong(0), "packets");
            assertEquals(180, stats.getLong(8), "bytes");
            assertEquals(9, stats.getInt(16), "last source");
            KernelMap seen = o.map("seen");
            byte[] nine = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(9).array();
            assertEquals(1, ByteBuffer.wrap(seen.lookup(nine)).order(ByteOrder.nativeOrder()).getInt(), "added on the 3rd run");
            o.program("intrinsics").testRun(packet);
            assertNull(seen.lookup(nine), "removed on the 4th run");
        }
    }
}
