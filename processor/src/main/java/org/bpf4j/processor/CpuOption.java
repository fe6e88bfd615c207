package org.bpf4j.processor;

import java.util.Map;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.object.isa.IsaLevel;

/**
 * {@code -Abpf4j.cpu=v1|v2|v3|v4}: the eBPF ISA level the programs are compiled for, as clang's
 * {@code -mcpu}; {@link Pipeline#DEFAULT_LEVEL} when not given.
 */
final class CpuOption {
    static final String NAME = "bpf4j.cpu";

    private CpuOption() {}

    /** The level the options name; IllegalArgumentException with the javac error's text for a bad value. */
    static IsaLevel of(Map<String, String> options) {
        String value = options.get(NAME);
        if (value == null) return Pipeline.DEFAULT_LEVEL;
        try {
            return IsaLevel.ofCpuName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-A" + NAME + "=" + value + ": " + e.getMessage()
                    + " (v3, the default, runs on Linux 5.1 and later; v4 needs 6.6)");
        }
    }
}
