package org.bpf4j.runtime.fuzz;

import java.nio.file.Path;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;

/**
 * The child JVM of {@link LoaderDefectsTest}'s permission test, started without CAP_BPF and
 * CAP_SYS_ADMIN: loads the object named by its argument and prints the exception's class and
 * message (or "loaded").
 */
public final class LoadWithoutCapabilities {
    private LoadWithoutCapabilities() {}

    public static void main(String[] args) {
        try {
            BpfObjectFile.open(Path.of(args[0])).load().close();
            System.out.println("loaded");
        } catch (BpfException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
