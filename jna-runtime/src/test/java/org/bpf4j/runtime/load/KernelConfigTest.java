package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.bpf4j.runtime.BpfException;
import org.junit.jupiter.api.Test;

/** The kernel configuration and version as libbpf reads them. */
class KernelConfigTest {
    @Test
    void onlySetOptionsAreRead() {
        Map<String, String> values = KernelConfig.parse("""
                #
                # Automatically generated file; DO NOT EDIT.
                CONFIG_BPF=y
                # CONFIG_NOT_HERE is not set
                CONFIG_HZ=250
                CONFIG_LOCALVERSION="-x"
                CONFIG_MOD=m
                """);
        assertEquals(Map.of("CONFIG_BPF", "y", "CONFIG_HZ", "250", "CONFIG_LOCALVERSION", "\"-x\"", "CONFIG_MOD", "m"),
                values);
    }

    @Test
    void versionsAreEncodedAsKernelVersionWithThePatchLevelCapped() {
        assertEquals(6 << 16 | 18 << 8 | 44, KernelConfig.encodeVersion("6.18.44-fc-v657"));
        assertEquals(5 << 16 | 4 << 8 | 255, KernelConfig.encodeVersion("5.4.300"));
        assertEquals(6 << 16 | 1 << 8, KernelConfig.encodeVersion("6.1"));
        assertThrows(BpfException.class, () -> KernelConfig.encodeVersion("linux"));
    }
}
