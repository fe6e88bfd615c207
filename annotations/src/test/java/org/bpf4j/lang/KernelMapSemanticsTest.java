package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.lang.spi.HeapMapStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JVM map model against the kernel: the same operations on a {@link HeapMapStore} and on
 * a real map (created and driven with bpftool, pinned under /sys/fs/bpf and removed after)
 * must succeed and fail alike and leave the same contents. Needs root and bpftool; skips
 * visibly without them, and fails instead when {@code BPF4J_REQUIRE_KERNEL=1}.
 */
@Tag(KernelTest.TAG) // its kernel tests call Prerequisites.requireKernel(); the tag runs them on CI's second kernel too
class KernelMapSemanticsTest {
    private static final Path BPFTOOL = Path.of("/usr/sbin/bpftool");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[([^\\]]*)\\]");

    /** One operation, applied to both maps; the outcome is success or failure plus a value. */
    private record Op(String verb, byte[] key, byte[] value, String flag) {
    }

    private static Op update(byte[] key, byte[] value, String flag) {
        return new Op("update", key, value, flag);
    }

    private static Op delete(byte[] key) {
        return new Op("delete", key, null, null);
    }

    private static Op lookup(byte[] key) {
        return new Op("lookup", key, null, null);
    }

    @Test
    void hashMapFlagsAndCapacity() throws Exception {
        compare(MapKind.HASH, 4, 8, 2, 0, List.of(
                update(u32(1), u64(10), "any"),
                update(u32(1), u64(11), "noexist"),
                update(u32(2), u64(20), "exist"),
                update(u32(1), u64(12), "exist"),
                update(u32(2), u64(20), "any"),
                update(u32(3), u64(30), "any"),
                update(u32(3), u64(30), "noexist"),
                lookup(u32(1)), lookup(u32(3)),
                delete(u32(1)), delete(u32(1)),
                update(u32(3), u64(30), "noexist"),
                lookup(u32(3))));
    }

    @Test
    void arrayIndexesAlwaysExist() throws Exception {
        compare(MapKind.ARRAY, 4, 8, 3, 0, List.of(
                lookup(u32(2)), lookup(u32(3)),
                update(u32(0), u64(5), "any"),
                update(u32(1), u64(6), "noexist"),
                update(u32(1), u64(6), "exist"),
                update(u32(3), u64(7), "any"),
                delete(u32(0)),
                lookup(u32(0)), lookup(u32(1))));
    }

    @Test
    void lpmTrieLongestPrefixMatch() throws Exception {
        compare(MapKind.LPM_TRIE, 8, 4, 8, 1, List.of(
                update(lpm(8, 10, 0, 0, 0), u32(8), "any"),
                update(lpm(16, 10, 1, 0, 0), u32(16), "any"),
                update(lpm(24, 10, 1, 2, 0), u32(24), "noexist"),
                update(lpm(16, 10, 1, 9, 9), u32(17), "noexist"),
                update(lpm(33, 10, 1, 2, 3), u32(1), "any"),
                lookup(lpm(32, 10, 1, 2, 3)), lookup(lpm(32, 10, 1, 3, 3)), lookup(lpm(32, 10, 2, 0, 0)),
                lookup(lpm(32, 11, 0, 0, 0)), lookup(lpm(12, 10, 1, 2, 3)),
                delete(lpm(16, 10, 1, 0, 0)), delete(lpm(16, 10, 1, 0, 0)),
                lookup(lpm(32, 10, 1, 3, 3))));
    }

    private void compare(MapKind kind, int keySize, int valueSize, int maxEntries, int flags, List<Op> ops)
            throws Exception {
        requireKernelTools();
        HeapMapStore heap = new HeapMapStore(kind, keySize, valueSize, maxEntries, 1);
        Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet());
        ExternalProcess.Result created = bpftool("map", "create", pin.toString(), "type", kind.name().toLowerCase(), "key",
                String.valueOf(keySize), "value", String.valueOf(valueSize), "entries", String.valueOf(maxEntries),
                "name", "bpf4j_lang", "flags", String.valueOf(flags));
        assertEquals(0, created.exitCode(), "bpftool map create: " + created.output());
        try {
            for (Op op : ops) {
                String where = kind + " " + op.verb + " " + hex(op.key) + (op.value == null ? "" : " = " + hex(op.value))
                        + (op.flag == null ? "" : " " + op.flag);
                ExternalProcess.Result kernel = bpftool(command(pin, op));
                byte[] heapValue = new byte[valueSize];
                boolean heapOk = applyToHeap(heap, op, heapValue);
                assertEquals(kernel.exitCode() == 0, heapOk, where + ": kernel said " + kernel.output().strip());
                if (op.verb.equals("lookup") && heapOk) {
                    assertArrayEquals(kernelValue(kernel.output()), heapValue, where);
                }
            }
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    private static boolean applyToHeap(HeapMapStore heap, Op op, byte[] valueOut) {
        try {
            return switch (op.verb) {
                case "update" -> heap.update(op.key, op.value, switch (op.flag) {
                    case "noexist" -> UpdateFlag.NO_EXIST.value();
                    case "exist" -> UpdateFlag.EXIST.value();
                    default -> UpdateFlag.ANY.value();
                });
                case "delete" -> heap.delete(op.key);
                default -> heap.lookup(op.key, valueOut);
            };
        } catch (IllegalArgumentException invalid) {
            return false; // EINVAL in the kernel
        }
    }

    private static String[] command(Path pin, Op op) {
        List<String> args = new ArrayList<>(List.of("-j", "map", op.verb, "pinned", pin.toString(), "key"));
        addBytes(args, op.key);
        if (op.value != null) {
            args.add("value");
            addBytes(args, op.value);
            args.add(op.flag);
        }
        return args.toArray(new String[0]);
    }

    private static void addBytes(List<String> args, byte[] bytes) {
        for (byte b : bytes) {
            args.add(String.valueOf(b & 0xFF));
        }
    }

    private static byte[] kernelValue(String json) {
        Matcher matcher = VALUE.matcher(json);
        assertTrue(matcher.find(), "no value in " + json);
        String[] parts = matcher.group(1).replace("\"", "").split(",");
        byte[] value = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            value[i] = (byte) Integer.parseInt(parts[i].trim().substring(2), 16);
        }
        return value;
    }

    private static ExternalProcess.Result bpftool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BPFTOOL.toString());
        command.addAll(List.of(args));
        return ExternalProcess.run(TIMEOUT, command);
    }

    private static void requireKernelTools() {
        Prerequisites.require("bpftool at " + BPFTOOL, Files.isExecutable(BPFTOOL));
        Prerequisites.require("bpffs mounted writable at /sys/fs/bpf", Files.isWritable(Path.of("/sys/fs/bpf")));
        Prerequisites.requireKernel();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array();
    }

    private static byte[] lpm(int prefixLen, int a, int b, int c, int d) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(prefixLen)
                .put((byte) a).put((byte) b).put((byte) c).put((byte) d).array();
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }
}
