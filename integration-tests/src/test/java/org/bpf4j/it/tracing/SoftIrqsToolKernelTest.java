package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.IrqTotals;
import org.bpf4j.samples.tracing.SoftIrqsSkeleton;
import org.bpf4j.samples.tracing.SoftIrqsTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * softirqs, attached while this JVM sends 16 MiB over loopback TCP and sleeps, sees the receive
 * softirq ({@code net_rx}) and the timer softirq run, for some time; no vector ran more often
 * than the kernel's own count in {@code /proc/softirqs} grew meanwhile. libbpf and our loader give
 * the object the same code.
 */
@KernelTest
class SoftIrqsToolKernelTest {
    private static final int MIB = 1 << 20;

    @Test
    void loopbackTrafficAndTimersShowUpWithTheirTime() throws Exception {
        Map<String, Long> before = procSoftirqs();
        long start = System.nanoTime();
        Map<String, IrqTotals> totals;
        try (SoftIrqsTool tool = SoftIrqsTool.attach()) {
            assertEquals(16 * MIB, sendOverLoopback(16 * MIB));
            Thread.sleep(200);
            totals = tool.totals();
        }
        long elapsed = System.nanoTime() - start;
        Map<String, Long> after = procSoftirqs();
        for (String vector : List.of("net_rx", "timer")) {
            IrqTotals t = totals.get(vector);
            assertTrue(t.count() > 0 && t.nanos() > 0, vector + " ran, for some time: " + totals);
            assertTrue(t.nanos() < elapsed * Runtime.getRuntime().availableProcessors(), vector + " within the test's time: " + totals);
        }
        totals.forEach((vector, t) -> assertTrue(t.count() <= after.get(vector) - before.get(vector),
                vector + " ran at most as often as /proc/softirqs counted: " + totals + ", before " + before + ", after " + after));
        List<String> table = IrqTotals.table("SOFTIRQ", 16, totals, false, false);
        assertEquals("SOFTIRQ          TOTAL_usecs", table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.matches("net_rx +" + totals.get("net_rx").nanos() / 1000)), table.toString());
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (SoftIrqsSkeleton ours = SoftIrqsSkeleton.load()) {
            ToolObjects.sameTranslatedCode(SoftIrqsSkeleton.class, SoftIrqsSkeleton.RESOURCE, ours,
                    p -> (p.equals("softirqEntry") ? ours.softirqEntry() : ours.softirqExit()).info().id(),
                    List.of("softirqEntry", "softirqExit"), tmp);
        }
    }

    /** Sends {@code bytes} from one loopback TCP socket to another; returns what arrived. */
    static long sendOverLoopback(int bytes) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort()); OutputStream out = client.getOutputStream()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk);
                }
            }
            return received.get(30, TimeUnit.SECONDS);
        }
    }

    /** The runs of each vector, all CPUs summed, as {@code /proc/softirqs} counts them (names in lower case). */
    static Map<String, Long> procSoftirqs() throws Exception {
        Map<String, Long> runs = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/softirqs"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].endsWith(":")) {
                runs.put(fields[0].substring(0, fields[0].length() - 1).toLowerCase(Locale.ROOT),
                        Arrays.stream(fields, 1, fields.length).mapToLong(Long::parseLong).sum());
            }
        }
        return runs;
    }
}
