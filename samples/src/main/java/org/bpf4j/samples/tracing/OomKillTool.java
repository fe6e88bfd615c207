package org.bpf4j.samples.tracing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every OOM kill of the machine, one line each, as libbpf-tools' oomkill does: the time,
 * the process that ran out of memory, the victim, its size in pages and the load average
 * ({@link OomKill} has the program). The pages are the victim's ({@code mm->total_vm}), not the
 * C tool's {@code oc->totalpages} of the exhausted domain, which only {@code oom_kill_process}'s
 * argument holds.
 *
 * <p>Usage: {@code OomKillTool [-h] [seconds]} (default: until killed). Needs root.
 */
public final class OomKillTool extends RecordTool {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One OOM kill as the tool reports it. */
    public record Kill(int triggerPid, String triggerComm, int victimPid, String victimComm, long pages) {
        @Override
        public String toString() {
            return String.format("Triggered by PID %d (\"%s\"), OOM kill of PID %d (\"%s\"), %d pages",
                    triggerPid, triggerComm, victimPid, victimComm, pages);
        }
    }

    private OomKillTool(OomKillSkeleton skeleton, Consumer<Kill> sink) {
        super(skeleton, skeleton.events().reader(k -> sink.accept(
                new Kill(k.triggerPid, CStrings.of(k.triggerComm), k.victimPid, CStrings.of(k.victimComm), k.pages))));
    }

    /** Starts tracing OOM kills; {@link #poll} hands them to {@code sink}. */
    public static OomKillTool attach(Consumer<Kill> sink) {
        return start(OomKillSkeleton.load(), s -> new OomKillTool(s, sink), OomKillSkeleton::attach);
    }

    public static void main(String[] args) {
        Instant end = ToolArguments.parseOrExit(args, "OomKillTool",
                "Prints every OOM kill: the task that ran out of memory, the victim, its pages, the load average.", List.of()).end();
        System.out.println("Tracing OOM kills... Ctrl-C to stop.");
        try (OomKillTool tool = attach(k -> System.out.println(LocalTime.now().format(TIME) + " " + k + ", loadavg: " + loadavg()))) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
