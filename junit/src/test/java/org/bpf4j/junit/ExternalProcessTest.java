package org.bpf4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void separatesStdoutFromStderrAndReportsTheExitCode() {
        var result = ExternalProcess.run(TIMEOUT, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void doesNotHangWhenBothStreamsOverflowAPipe() {
        // 1 MiB on each stream, far beyond a 64 KiB pipe, stderr first: a sequential reader blocks.
        String script = "head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o";
        var result = assertTimeoutPreemptively(TIMEOUT, () -> ExternalProcess.run(TIMEOUT, "sh", "-c", script));
        assertEquals(0, result.exitCode());
        assertEquals(1 << 20, result.stdout().length());
        assertEquals(1 << 20, result.stderr().length());
    }

    @Test
    void killsACommandThatOverrunsItsTimeout() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExternalProcess.run(Duration.ofMillis(300), "sh", "-c", "echo started; sleep 30"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "killed, not waited for");
        assertTrue(e.getMessage().startsWith("sh -c echo started; sleep 30 did not finish within"), e.getMessage());
        assertTrue(e.getMessage().contains("started"), "shows the output so far: " + e.getMessage());
    }

    @Test
    void orFailNamesTheCommandAndShowsBothStreams() {
        var result = ExternalProcess.run(TIMEOUT, "sh", "-c", "echo partial; echo broken >&2; exit 1");
        AssertionError e = assertThrows(AssertionError.class, result::orFail);
        assertEquals("sh -c echo partial; echo broken >&2; exit 1 exited with 1\n--- stdout ---\npartial\n"
                + "--- stderr ---\nbroken", e.getMessage());
    }

    @Test
    void stdoutOfReturnsStdoutOfASuccessfulCommand() {
        assertEquals("out\n", ExternalProcess.stdoutOf("sh", "-c", "echo out; echo err >&2"));
        assertThrows(AssertionError.class, () -> ExternalProcess.stdoutOf("false"));
    }

    @Test
    void runsInTheGivenDirectory(@TempDir Path dir) {
        var result = ExternalProcess.run(TIMEOUT, dir, List.of("pwd")).orFail();
        assertEquals(dir.toAbsolutePath() + "\n", result.stdout());
    }

    @Test
    void failsClearlyWhenTheCommandDoesNotExist() {
        var e = assertThrows(RuntimeException.class, () -> ExternalProcess.run(TIMEOUT, "no-such-command-bpf4j"));
        assertTrue(e.getMessage().startsWith("cannot run no-such-command-bpf4j"), e.getMessage());
    }
}
