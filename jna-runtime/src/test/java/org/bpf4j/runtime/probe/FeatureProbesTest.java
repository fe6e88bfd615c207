package org.bpf4j.runtime.probe;

import static org.junit.jupiter.api.Assertions.*;

import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * Facts about both CI kernels, 6.18 and 6.1 (see shared/DESIGN.md); a broken probe fails one of them.
 * Probes whose answer differs between them are checked against the kernel where they are used
 * (tcx: TcAttachTest; fentry, LSM, kprobes: RefusedKindsTest).
 */
@KernelTest
class FeatureProbesTest {
    static final int SOCKET_FILTER = 1, XDP = 6, CGROUP_SOCK_ADDR = 18;
    static final int MAP_LOOKUP_ELEM = 1, XDP_ADJUST_HEAD = 44, GET_CURRENT_PID_TGID = 14;

    @Test
    void programTypes() {
        assertTrue(FeatureProbes.programType(SOCKET_FILTER));
        assertTrue(FeatureProbes.programType(XDP));
        assertTrue(FeatureProbes.programType(CGROUP_SOCK_ADDR), "needs its expected attach type to load");
        assertFalse(FeatureProbes.programType(999));
    }

    @Test
    void mapTypes() {
        for (MapKind k : new MapKind[] {MapKind.HASH, MapKind.ARRAY, MapKind.PERCPU_ARRAY, MapKind.LRU_HASH,
                MapKind.LPM_TRIE, MapKind.QUEUE, MapKind.STACK, MapKind.BLOOM_FILTER, MapKind.RINGBUF,
                MapKind.ARRAY_OF_MAPS, MapKind.HASH_OF_MAPS, MapKind.SK_STORAGE, MapKind.TASK_STORAGE,
                MapKind.DEVMAP, MapKind.CPUMAP, MapKind.SOCKMAP, MapKind.STACK_TRACE, MapKind.PERF_EVENT_ARRAY}) {
            assertTrue(FeatureProbes.mapType(k), k.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> FeatureProbes.mapType(MapKind.STRUCT_OPS));
    }

    @Test
    void helpers() {
        assertTrue(FeatureProbes.helper(XDP, MAP_LOOKUP_ELEM));
        assertTrue(FeatureProbes.helper(XDP, XDP_ADJUST_HEAD));
        assertFalse(FeatureProbes.helper(SOCKET_FILTER, XDP_ADJUST_HEAD), "xdp helper in a socket filter");
        assertFalse(FeatureProbes.helper(XDP, 100_000));
        assertTrue(FeatureProbes.helper(CGROUP_SOCK_ADDR, GET_CURRENT_PID_TGID));
    }

    @Test
    void linksAndBtf() {
        assertTrue(FeatureProbes.linkCreate());
        assertTrue(FeatureProbes.link(LinkKind.CGROUP), "cgroup links since 5.7");
        assertTrue(FeatureProbes.link(LinkKind.PERF_EVENT), "perf event links since 5.15");
        assertTrue(FeatureProbes.btf());
    }
}
