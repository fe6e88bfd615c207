package org.bpf4j.runtime.usdt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.object.usdt.UsdtException;
import org.bpf4j.object.usdt.UsdtNotes;
import org.bpf4j.object.usdt.UsdtProbe;

/**
 * Lists USDT probes, one line per site, as {@code readelf -n} shows them plus the uprobe file
 * offset: {@code java -cp ... org.bpf4j.runtime.usdt.UsdtList [binary | pid]}; a pid lists every
 * ELF file the process maps, no argument this JVM's libjvm.so.
 */
public final class UsdtList {
    private UsdtList() {}

    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: UsdtList [binary | pid]   (no argument: this JVM's libjvm.so)");
            System.exit(2);
        }
        try {
            List<Path> files = args.length == 0 ? List.of(UsdtTargets.libjvm())
                    : args[0].matches("\\d+") ? UsdtTargets.mappedElfFiles(Long.parseLong(args[0]))
                    : List.of(Path.of(args[0]));
            lines(files, args.length == 1 && args[0].matches("\\d+")).forEach(System.out::println);
        } catch (RuntimeException e) {
            System.err.println("UsdtList: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * For each file with probes a header line {@code <file>: <n> probe sites}, then its sites; a
     * file named on its own must have probes, while of a process's files those without are skipped.
     */
    public static List<String> lines(List<Path> files, boolean skipFilesWithoutProbes) {
        List<String> out = new ArrayList<>();
        for (Path file : files) {
            List<UsdtProbe> probes = skipFilesWithoutProbes ? UsdtNotes.readIfAny(file) : UsdtNotes.read(file);
            if (probes.isEmpty()) continue;
            out.add(file + ": " + probes.size() + " probe sites");
            probes.forEach(p -> out.add(line(p)));
        }
        return out;
    }

    /** {@code provider:name  address 0x..  offset 0x..  semaphore 0x.. (offset 0x..)|-  args ...} */
    public static String line(UsdtProbe p) {
        String semaphore = p.hasSemaphore()
                ? hex(p.semaphoreAddress()) + " (offset " + hex(p.semaphoreOffset()) + ")" : "-";
        return String.format("  %-40s address %s  offset %s  semaphore %s  args %s", p.qualifiedName(),
                hex(p.address()), hex(p.fileOffset()), semaphore, p.argumentSpec().isEmpty() ? "-" : p.argumentSpec());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
