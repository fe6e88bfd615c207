package org.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpusTest {
    @Test
    void parsesKernelCpuLists() {
        assertEquals(List.of(0), Cpus.parse("0"));
        assertEquals(List.of(0, 1, 2, 3), Cpus.parse("0-3\n".strip()));
        assertEquals(List.of(0, 1, 4, 6, 7), Cpus.parse("0-1,4,6-7"));
    }

    @Test
    void rejectsMalformedLists() {
        assertThrows(IllegalArgumentException.class, () -> Cpus.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Cpus.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> Cpus.parse("a-b"));
    }

    @Test
    void possibleCoversOnline() {
        List<Integer> online = Cpus.online();
        assertTrue(Cpus.possibleCount() > online.get(online.size() - 1));
    }
}
