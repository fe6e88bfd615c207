package org.bpf4j.runtime.usdt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bpf4j.object.usdt.UsdtProbe;
import org.bpf4j.runtime.BpfNotFoundException;
import org.junit.jupiter.api.Test;

/** This JVM's libjvm.so found through its pid, and the hotspot probes in it. */
class JvmProbesTest {

    @Test
    void aRunningJvmsLibjvmIsTheOneItsJavaHomeHas() throws Exception {
        assertEquals(UsdtTargets.libjvm().toRealPath(), JvmProbes.libjvm(ProcessHandle.current().pid()));
    }

    @Test
    void theHotspotProbesIncludeWhatTheToolsUseAndTheExtendedOnes() {
        List<UsdtProbe> probes = JvmProbes.probes(UsdtTargets.libjvm());
        assertTrue(probes.stream().allMatch(p -> p.provider().equals(JvmProbes.PROVIDER)));
        Set<String> names = probes.stream().map(UsdtProbe::name).collect(Collectors.toSet());
        for (String used : List.of("gc__begin", "gc__end", "method__compile__begin", "method__compile__end", "class__loaded")) {
            assertTrue(names.contains(used), used);
        }
        assertTrue(names.containsAll(JvmProbes.EXTENDED), JvmProbes.EXTENDED.stream().filter(n -> !names.contains(n)).toList()
                .toString());
    }

    @Test
    void aProcessWithoutLibjvmIsNamed() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "10").start();
        try {
            var e = assertThrows(BpfNotFoundException.class, () -> JvmProbes.libjvm(sleep.pid()));
            assertEquals("process " + sleep.pid() + " maps no libjvm.so: it is not a HotSpot JVM", e.getMessage());
        } finally {
            sleep.destroy();
        }
    }
}
