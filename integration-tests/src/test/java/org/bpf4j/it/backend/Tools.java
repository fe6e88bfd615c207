package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the machine's BPF toolchain (clang, bpftool, llvm-objdump) for the interop tests. */
final class Tools {
    static final Path REPOSITORY = repositoryRoot();
    /** {@code ../shared} beside the repository, which holds the benchmark. */
    static final Path SHARED = REPOSITORY.resolveSibling("shared");

    private Tools() {}

    record Result(int exitCode, String output) {
        Result expectSuccess(List<String> command) {
            assertEquals(0, exitCode, () -> String.join(" ", command) + " failed:\n" + output);
            return this;
        }
    }

    /** Skips the test when a tool is missing, unless kernel tests are required (then it fails). */
    static void require(String tool) {
        boolean found = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        if (!found && "1".equals(System.getenv("BPF4J_REQUIRE_KERNEL"))) {
            throw new IllegalStateException(tool + " is not installed (BPF4J_REQUIRE_KERNEL=1 makes that a failure)");
        }
        assumeTrue(found, tool + " is not installed");
    }

    static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> cmd = List.of(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(output unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    static Result runOk(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, command).expectSuccess(List.of(command));
    }

    /** Compiles a C file as the benchmark does, with any extra flags (such as {@code -DNAME}). */
    static Path clang(Path source, Path outDir, String... extraFlags) throws IOException, InterruptedException {
        String name = source.getFileName().toString();
        Path out = outDir.resolve(name.substring(0, name.length() - 2) + ".o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        List<String> command = new ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf", "-mcpu=v3",
                "-I/usr/include/" + arch + "-linux-gnu"));
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-c", source.toString(), "-o", out.toString()));
        runOk(60, command.toArray(String[]::new));
        return out;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : paths) Files.delete(p);
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("run from inside the repository (no .ci directory above " + Path.of("").toAbsolutePath() + ")");
        return dir;
    }
}
