package org.bpf4j.compiler.asm;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** What tests do when a tool or kernel feature they need is missing. */
final class Prerequisites {
    private Prerequisites() {
    }

    /**
     * Skips the test with {@code reason}; with BPF4J_REQUIRE_KERNEL=1 (as CI runs) fails it
     * instead, so a CI machine without the prerequisite cannot pass silently.
     */
    static void skipOrFail(String reason) {
        if ("1".equals(System.getenv("BPF4J_REQUIRE_KERNEL"))) {
            fail(reason + " (required because BPF4J_REQUIRE_KERNEL=1)");
        }
        Assumptions.abort(reason);
    }
}
