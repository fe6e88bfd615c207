package org.bpf4j.runtime.usdt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;

/** The files USDT probes are looked for in: a JVM's libjvm.so, the ELF files a process maps. */
public final class UsdtTargets {
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private UsdtTargets() {}

    /** The libjvm.so of the JVM running this code (its {@code java.home}), whose probes are HotSpot's. */
    public static Path libjvm() {
        return libjvm(Path.of(System.getProperty("java.home")));
    }

    /** The libjvm.so of the JDK or JRE at {@code javaHome} (the server VM). */
    public static Path libjvm(Path javaHome) {
        Path libjvm = javaHome.resolve("lib/server/libjvm.so");
        if (!Files.isRegularFile(libjvm)) {
            throw new BpfNotFoundException("no libjvm.so in the Java home " + javaHome + " (looked for " + libjvm + ")",
                    Errno.ENOENT);
        }
        return libjvm;
    }

    /**
     * The ELF files process {@code pid} maps (its executable and shared libraries), in the order
     * of {@code /proc/<pid>/maps}, each once, named as the maps name them (paths in that process's
     * mount namespace, which must be ours for uprobes on them).
     */
    public static List<Path> mappedElfFiles(long pid) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (NoSuchFileException e) {
            throw new BpfNotFoundException("no process " + pid + " (" + maps + " does not exist)", Errno.ESRCH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + maps, e);
        }
        Set<Path> files = new LinkedHashSet<>();
        for (String line : lines) {
            // address perms offset dev inode path; the path may contain spaces, and " (deleted)" marks a removed file
            String[] fields = line.split("\\s+", 6);
            if (fields.length == 6 && fields[5].startsWith("/") && !fields[5].endsWith(" (deleted)")) {
                files.add(Path.of(fields[5]));
            }
        }
        return files.stream().filter(UsdtTargets::isElf).toList();
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), ELF_MAGIC);
        } catch (IOException e) {
            return false;                                        // gone or unreadable: not a probe target
        }
    }
}
