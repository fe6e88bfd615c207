package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.samples.tracing.HardIrqsSkeleton;
import org.bpf4j.samples.tracing.HardIrqsTool;
import org.bpf4j.samples.tracing.IrqTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hardirqs, attached while this JVM writes and syncs files where a device serves them (the module
 * folder: this host's virtio disk; any read-write 9p mount: the 6.1 VM's run folder), sees the
 * line whose count grew most in {@code /proc/interrupts} meanwhile, under its name there, for
 * some time; no line ran more often than {@code /proc/interrupts} counted. libbpf and our loader
 * give the object the same code.
 */
@KernelTest
class HardIrqsToolKernelTest {
    private static final int SYNCS = 64;

    @Test
    void theDeviceLineTheWorkloadRaisesIsTotalled() throws Exception {
        Map<Integer, Long> before = procInterrupts();
        Map<Integer, IrqTotals> totals;
        try (HardIrqsTool tool = HardIrqsTool.attach()) {
            syncedWrites();
            totals = tool.totals();
        }
        Map<Integer, Long> after = procInterrupts();
        Map<Integer, Long> grown = new HashMap<>();
        after.forEach((irq, n) -> grown.put(irq, n - before.getOrDefault(irq, 0L)));
        int device = grown.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(grown.get(device) >= SYNCS / 2, "the writes raised a device interrupt: " + grown);
        IrqTotals raised = totals.get(device);
        assertTrue(raised != null && raised.count() > 0 && raised.nanos() > 0, "line " + device + " ran, for some time: " + totals);
        String name = HardIrqsTool.name(device);
        assertTrue(procLine(device).endsWith(" " + name), name + " names line " + device + ": " + procLine(device));
        totals.forEach((irq, t) -> assertTrue(HardIrqsTool.name(irq).contains(",") || t.count() <= grown.getOrDefault(irq, 0L),
                "line " + irq + " ran at most as often as /proc/interrupts counted: " + totals + ", grown " + grown));
        List<String> table = IrqTotals.table("HARDIRQ", 26, HardIrqsTool.byName(totals), true, false);
        assertEquals(String.format("%-26s %11s", "HARDIRQ", "TOTAL_count"), table.get(0));
        assertTrue(table.contains(String.format("%-26s %11d", name, raised.count())), table.toString());
    }

    @Test
    void libbpfLoadsTheObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (HardIrqsSkeleton ours = HardIrqsSkeleton.load()) {
            ToolObjects.sameTranslatedCode(HardIrqsSkeleton.class, HardIrqsSkeleton.RESOURCE, ours,
                    p -> (p.equals("irqEntry") ? ours.irqEntry() : ours.irqExit()).info().id(), List.of("irqEntry", "irqExit"), tmp);
        }
    }

    /** Writes 16 KiB and syncs it, {@link #SYNCS} times, in the module folder and in every read-write 9p mount. */
    static void syncedWrites() throws Exception {
        List<Path> folders = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        for (String mount : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] fields = mount.split(" ");
            if (fields[2].equals("9p") && Arrays.asList(fields[3].split(",")).contains("rw")) {
                folders.add(Path.of(fields[1]));
            }
        }
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        for (Path folder : folders) {
            Path file = Files.createTempFile(folder, "bpf4j-hardirqs", ".tmp");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                for (int i = 0; i < SYNCS; i++) {
                    channel.write(chunk.clear());
                    channel.force(true);
                }
            } finally {
                Files.delete(file);
            }
        }
    }

    /** Each numbered line's interrupts, all CPUs summed, as {@code /proc/interrupts} counts them. */
    static Map<Integer, Long> procInterrupts() throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        int cpus = Files.readAllLines(Path.of("/proc/interrupts")).get(0).trim().split("\\s+").length;
        for (String line : Files.readAllLines(Path.of("/proc/interrupts"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields[0].matches("\\d+:")) {
                counts.put(Integer.parseInt(fields[0].substring(0, fields[0].length() - 1)),
                        Arrays.stream(fields, 1, 1 + cpus).mapToLong(Long::parseLong).sum());
            }
        }
        return counts;
    }

    private static String procLine(int irq) throws Exception {
        return Files.readAllLines(Path.of("/proc/interrupts")).stream().filter(l -> l.trim().startsWith(irq + ":")).findFirst()
                .orElseThrow().stripTrailing();
    }
}
