package org.bpf4j.it.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.Prerequisites;

/** A {@link JvmWorkload} in a JVM of the given Java home, started and waiting for its go. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Path javaHome, int gcs) throws IOException {
        Path java = javaHome.resolve("bin/java");
        Prerequisites.require("a JDK at " + javaHome, Files.isExecutable(java));
        Process p = new ProcessBuilder(java.toString(), "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                JvmWorkload.class.getName(), Integer.toString(gcs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ChildJvm child = new ChildJvm(p);
        String ready = child.output.readLine();
        if (!"ready".equals(ready)) {
            child.close();
            throw new IllegalStateException("the child JVM said " + ready + " instead of ready");
        }
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** Lets the workload run and waits for it to exit; returns its last line. */
    String run() throws IOException, InterruptedException {
        process.getOutputStream().write('\n');
        process.getOutputStream().close();
        String done = output.readLine();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the child JVM did not finish: " + done);
        }
        return done;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
