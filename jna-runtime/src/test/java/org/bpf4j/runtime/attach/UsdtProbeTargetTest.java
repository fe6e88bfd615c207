package org.bpf4j.runtime.attach;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.bpf4j.runtime.usdt.JvmProbes;
import org.bpf4j.runtime.usdt.UsdtTargets;
import org.junit.jupiter.api.Test;

/** USDT targets as programs name them: parsing, and where a bare binary name is found. */
class UsdtProbeTargetTest {

    @Test
    void theLastTwoColonsSeparateProviderAndName() {
        assertEquals(new UsdtProbeTarget("libjvm.so", "hotspot", "gc__begin"), UsdtProbeTarget.parse("libjvm.so:hotspot:gc__begin"));
        assertEquals(new UsdtProbeTarget("/opt/a:b/bin", "p", "n"), UsdtProbeTarget.parse("/opt/a:b/bin:p:n"));
        for (String wrong : new String[] {"libjvm.so:gc__begin", ":hotspot:gc__begin", "libjvm.so::gc__begin", "libjvm.so:hotspot:"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> UsdtProbeTarget.parse(wrong), wrong);
            assertTrue(e.getMessage().startsWith("USDT target '" + wrong + "' must be binary:provider:name"), e.getMessage());
        }
    }

    @Test
    void aBareLibjvmIsThisJvmsOrTheOneTheProcessMaps() {
        UsdtProbeTarget target = UsdtProbeTarget.parse("libjvm.so:hotspot:gc__begin");
        assertEquals(UsdtTargets.libjvm(), target.resolve(-1));
        long pid = ProcessHandle.current().pid();
        assertEquals(JvmProbes.libjvm(pid), target.resolve(pid));
        assertEquals(Path.of("/x/libjvm.so"), UsdtProbeTarget.parse("/x/libjvm.so:hotspot:gc__begin").resolve(pid));
    }
}
