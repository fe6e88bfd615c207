package org.bpf4j.junit.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.junit.jupiter.api.Test;

class ProgramStateTest {
    /** Stands for a program class: maps and a global. */
    static final class Counters {
        @BpfMap(maxEntries = 4)
        static BpfArrayMap<Long> slots;
        @BpfMap(maxEntries = 16)
        static BpfHashMap<Integer, Long> perKey;
        static int limit = 3;
    }

    @Test
    void resetGivesNewEmptyMapsAndTheFirstGlobals() {
        ProgramState state = ProgramState.capture(Counters.class);
        state.reset();
        BpfArrayMap<Long> first = Counters.slots;
        Counters.slots.add(1, 5);
        Counters.perKey.put(7, 1L);
        Counters.limit = 99;

        state.reset();

        assertNotSame(first, Counters.slots);
        assertEquals(0L, Counters.slots.get(1));
        assertNull(Counters.perKey.get(7));
        assertEquals(3, Counters.limit);
    }
}
