package org.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;

@KernelTest
class ElementBlockTest {
    private static final int BPF_MAP_TYPE_HASH = 1;

    @Test
    void eachThreadHasOneBlockThatOnlyGrows() throws Exception {
        ElementBlock small = ElementBlock.current(4, 8);
        assertSame(small, ElementBlock.current(4, 8));
        ElementBlock big = ElementBlock.current(16, 1 << 20);
        assertNotSame(small, big);
        assertSame(big, ElementBlock.current(4, 8), "a grown block serves smaller sizes too");
        ElementBlock other = CompletableFuture.supplyAsync(() -> ElementBlock.current(4, 8)).get();
        assertNotSame(big, other);
    }

    @Test
    void runsElementCommandsOnItsOwnAreas() {
        try (Fd map = BpfSyscall.mapCreate(BPF_MAP_TYPE_HASH, 4, 8, 16).name("block_test").create("map 'block_test'")) {
            ElementBlock b = ElementBlock.current(4, 8);
            b.putKey(le(4).putInt(0, 7).array());
            b.putValue(le(8).putLong(0, -5L).array(), 8);
            assertEquals(0, b.run(BpfCommand.MAP_UPDATE_ELEM, map.get(), b.keyAddress(), b.valueAddress(), BpfSyscall.BPF_NOEXIST));
            assertEquals(-Errno.EEXIST,
                    b.run(BpfCommand.MAP_UPDATE_ELEM, map.get(), b.keyAddress(), b.valueAddress(), BpfSyscall.BPF_NOEXIST));
            b.putValue(new byte[8], 8);
            assertEquals(0, b.run(BpfCommand.MAP_LOOKUP_ELEM, map.get(), b.keyAddress(), b.valueAddress(), 0));
            assertEquals(-5L, ByteBuffer.wrap(b.value(8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
            assertEquals(0, b.run(BpfCommand.MAP_DELETE_ELEM, map.get(), b.keyAddress(), 0, 0));
            assertEquals(-Errno.ENOENT, b.run(BpfCommand.MAP_LOOKUP_ELEM, map.get(), b.keyAddress(), b.valueAddress(), 0));
        }
    }

    @Test
    void errnoIsExactWhateverTheRecentFailureRate() {
        try (Fd map = BpfSyscall.mapCreate(BPF_MAP_TYPE_HASH, 4, 8, 4).name("block_errno").create("map 'block_errno'")) {
            ElementBlock b = ElementBlock.current(4, 8);
            b.putKey(le(4).putInt(0, 1).array());
            assertEquals(0, b.run(BpfCommand.MAP_UPDATE_ELEM, map.get(), b.keyAddress(), b.valueAddress(), 0));
            // Long runs of failures and of successes, so both call paths answer every kind of command.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 100; i++) {
                    assertEquals(-Errno.EEXIST,
                            b.run(BpfCommand.MAP_UPDATE_ELEM, map.get(), b.keyAddress(), b.valueAddress(), BpfSyscall.BPF_NOEXIST));
                }
                for (int i = 0; i < 100; i++) {
                    assertEquals(0, b.run(BpfCommand.MAP_LOOKUP_ELEM, map.get(), b.keyAddress(), b.valueAddress(), 0));
                }
            }
            assertEquals(-Errno.EBADF, b.run(BpfCommand.MAP_LOOKUP_ELEM, -1, b.keyAddress(), b.valueAddress(), 0));
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
