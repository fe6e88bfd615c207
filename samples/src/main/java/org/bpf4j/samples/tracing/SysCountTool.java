package org.bpf4j.samples.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the system calls of the machine or of one process and prints the most frequent, as
 * libbpf-tools' syscount does: name (from the machine's {@code asm/unistd_64.h} when installed,
 * else the number) and count ({@link SysCount} has the program).
 *
 * <p>Usage: {@code SysCountTool [-h] [-p PID] [seconds]} (default: every process, 5 seconds). Needs
 * root.
 */
public final class SysCountTool implements AutoCloseable {
    private static final int TOP = 10;
    private static final Path UNISTD = Path.of("/usr/include",
            (System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64") + "-linux-gnu", "asm", "unistd_64.h");
    private static final Pattern DEFINE = Pattern.compile("#define __NR_(\\w+) (\\d+)");

    private final SysCountSkeleton skeleton;

    private SysCountTool(SysCountSkeleton skeleton) {
        this.skeleton = skeleton;
    }

    /** Starts counting the calls of process {@code pid}, or of every process when it is 0. */
    public static SysCountTool attach(int pid) {
        SysCountSkeleton skeleton = SysCountSkeleton.open().targetPid(pid).load();
        try {
            skeleton.attach();
            return new SysCountTool(skeleton);
        } catch (RuntimeException e) {
            skeleton.close();
            throw e;
        }
    }

    /** The calls counted so far, by system call number. */
    public Map<Integer, Long> counts() {
        return skeleton.counts().entries();
    }

    /** System call names by number, from the installed kernel headers; empty when there are none. */
    public static Map<Integer, String> names() {
        Map<Integer, String> names = new HashMap<>();
        try {
            Matcher m = DEFINE.matcher(Files.readString(UNISTD));
            while (m.find()) {
                names.put(Integer.parseInt(m.group(2)), m.group(1));
            }
        } catch (IOException e) {
            // no headers: the numbers are printed
        }
        return names;
    }

    /** The {@code top} most frequent calls, one line each: name (or number) and count. */
    public static List<String> lines(Map<Integer, Long> counts, Map<Integer, String> names, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top).map(e -> String.format("%-22s %8d", names.getOrDefault(e.getKey(), e.getKey().toString()), e.getValue()))
                .toList();
    }

    @Override
    public void close() {
        skeleton.close();
    }

    public static void main(String[] args) throws InterruptedException {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "SysCountTool",
                "Counts the system calls of the machine or of one process and prints the ten most frequent.",
                List.of(ToolArguments.Option.pid("the system calls")));
        long seconds = arguments.seconds().orElse(5);
        try (SysCountTool tool = attach(arguments.pid())) {
            Thread.sleep(seconds * 1000);
            System.out.printf("%-22s %8s%n", "SYSCALL", "COUNT");
            lines(tool.counts(), names(), TOP).forEach(System.out::println);
        }
    }
}
