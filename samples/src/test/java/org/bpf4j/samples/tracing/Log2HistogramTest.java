package org.bpf4j.samples.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The histogram as libbpf-tools prints it: rows up to the last slot counted, bars scaled to the largest. */
class Log2HistogramTest {
    @Test
    void rowsRunToTheLastSlotCountedWithBarsScaledToTheLargest() {
        long[] slots = new long[26];
        slots[1] = 10;
        slots[3] = 40;
        slots[4] = 3;
        assertEquals(List.of(
                "     usecs               : count    distribution",
                "         0 -> 1          : 0        |                                        |",
                "         2 -> 3          : 10       |**********                              |",
                "         4 -> 7          : 0        |                                        |",
                "         8 -> 15         : 40       |****************************************|",
                "        16 -> 31         : 3        |***                                     |"),
                Log2Histogram.lines(slots, "usecs"));
    }

    @Test
    void nothingCountedPrintsNothing() {
        assertEquals(List.of(), Log2Histogram.lines(new long[26], "msecs"));
    }
}
