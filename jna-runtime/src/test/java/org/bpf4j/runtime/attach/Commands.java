package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs helper commands (ip, gcc, shells) for the attach tests, failing loudly with their output. */
public final class Commands {
    private Commands() {}

    public static String run(String... command) {
        return run(List.of(command));
    }

    public static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                throw new IllegalStateException("`" + String.join(" ", command) + "` exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
