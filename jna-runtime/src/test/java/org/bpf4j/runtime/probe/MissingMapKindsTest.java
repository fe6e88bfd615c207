package org.bpf4j.runtime.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.sys.Errno;
import org.junit.jupiter.api.Test;

/** Neither CI kernel lacks a ring buffer (5.8), so the refusal's wording is checked by itself. */
class MissingMapKindsTest {
    @Test
    void aMissingRingBufferNamesTheReleaseThatAddedItAndTheAlternative() {
        assertEquals("map 'events' of object 'o': this kernel has no RINGBUF maps (added in Linux 5.8) and bpf4j has"
                        + " no fallback for them; instead: a PERF_EVENT_ARRAY (BpfPerfEventArray) works on older kernels",
                MissingMapKinds.message(MapKind.RINGBUF, "map 'events' of object 'o'"));
    }

    @KernelTest
    @Test
    void aKindTheKernelHasLeavesTheKernelsOwnError() {
        assertTrue(MissingMapKinds.explain(MapKind.RINGBUF.kernelType(), Errno.EINVAL, "m").isEmpty());
        assertTrue(MissingMapKinds.explain(MapKind.HASH.kernelType(), Errno.EINVAL, "m").isEmpty(), "not a newer kind");
    }
}
