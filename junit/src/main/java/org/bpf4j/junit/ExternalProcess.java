package org.bpf4j.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (clang, bpftool, ip, a test binary) to completion. Its stdout and
 * stderr go to files, so it never blocks on a full pipe, whatever it writes and whatever it
 * leaves running; on timeout it is killed with its descendants and the test fails with its output.
 */
public final class ExternalProcess {
    /** Long enough for clang on a loaded machine; tests that need longer say so. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private ExternalProcess() {}

    /** The stdout of {@code command}, run with the default timeout; fails unless it exits 0. */
    public static String stdoutOf(String... command) {
        return run(DEFAULT_TIMEOUT, command).orFail().stdout();
    }

    /** Runs {@code command} in the current directory. */
    public static Result run(Duration timeout, String... command) {
        return run(timeout, null, List.of(command));
    }

    /** Runs {@code command} in the current directory. */
    public static Result run(Duration timeout, List<String> command) {
        return run(timeout, null, command);
    }

    /** Runs {@code command} in {@code directory} (the current directory when null). */
    public static Result run(Duration timeout, Path directory, List<String> command) {
        List<String> commandLine = List.copyOf(command);
        try {
            Path stdout = Files.createTempFile("bpf4j-stdout", ".txt");
            Path stderr = Files.createTempFile("bpf4j-stderr", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(commandLine)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                if (directory != null) builder.directory(directory.toFile());
                int exitCode = await(builder.start(), timeout, commandLine, stdout, stderr);
                return new Result(commandLine, exitCode, read(stdout), read(stderr));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", commandLine) + ": " + e.getMessage(), e);
        }
    }

    private static int await(Process process, Duration timeout, List<String> command, Path stdout, Path stderr)
            throws IOException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                    + " s and was killed" + Result.describe(read(stdout), read(stderr)));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** What a finished command returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Output shown in a failure message, from its end: the end holds the error. */
        private static final int SHOWN = 8000;

        /** stdout followed by stderr, for tools whose diagnostics may land on either. */
        public String output() {
            return stdout + stderr;
        }

        /** This result when the command exited 0; otherwise an AssertionError naming the command and showing its output. */
        public Result orFail() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + describe(stdout, stderr));
            }
            return this;
        }

        private static String describe(String stdout, String stderr) {
            return section("stdout", stdout) + section("stderr", stderr);
        }

        private static String section(String name, String text) {
            if (text.isEmpty()) return "";
            String shown = text.length() > SHOWN ? "..." + text.substring(text.length() - SHOWN) : text;
            return "\n--- " + name + " ---\n" + shown.stripTrailing();
        }
    }
}
