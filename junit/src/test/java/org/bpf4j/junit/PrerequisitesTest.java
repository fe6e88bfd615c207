package org.bpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void findsAToolOnThePath() {
        var sh = Prerequisites.requireTool("sh");
        assertEquals("sh", sh.getFileName().toString());
        assertTrue(Files.isExecutable(sh));
    }

    @Test
    void aPresentPrerequisiteLetsTheTestRun() {
        assertDoesNotThrow(() -> Prerequisites.require("nothing", true));
    }

    @Test
    void aMissingPrerequisiteSkipsOrFailsAsTheEnvironmentSays() {
        // The environment is fixed for the JVM: check the branch this run takes.
        Class<? extends Throwable> expected = Prerequisites.required() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(expected, () -> Prerequisites.requireTool("no-such-tool-bpf4j"));
        assertTrue(t.getMessage().startsWith("needs no-such-tool-bpf4j (not on PATH)"), t.getMessage());
        assertEquals(Prerequisites.required(), t.getMessage().endsWith("(BPF4J_REQUIRE_KERNEL=1 makes that a failure)"));
    }
}
