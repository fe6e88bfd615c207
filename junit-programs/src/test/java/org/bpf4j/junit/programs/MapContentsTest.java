package org.bpf4j.junit.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.HeapMapStore;
import org.junit.jupiter.api.Test;

class MapContentsTest {
    @Test
    void perCpuValuesAreComparedBySumWhicheverCpuHoldsThem() {
        HeapMapStore onCpu0 = perCpuArray();
        HeapMapStore onCpu1 = perCpuArray();
        onCpu0.update(new byte[4], new byte[] {5, 0, 0, 0, 0, 0, 0, 0, /* cpu 1 */ 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        onCpu1.update(new byte[4], new byte[] {0, 0, 0, 0, 0, 0, 0, 0, /* cpu 1 */ 5, 0, 0, 0, 0, 0, 0, 0}, 0);

        assertEquals(MapContents.of(onCpu0), MapContents.of(onCpu1));
        assertEquals(Map.of("00000000", "0500000000000000"), MapContents.of(onCpu0));
    }

    private static HeapMapStore perCpuArray() {
        return new HeapMapStore(MapKind.PERCPU_ARRAY, 4, 8, 1, 2);
    }
}
