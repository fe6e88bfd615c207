package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running kernel's BTF, checked against bpftool's raw dump of the same file. Reading it
 * needs no privileges, so this is no {@code @KernelTest}: it needs only the file.
 */
class KernelBtfTest {
    private static final List<String> STRUCTS = List.of("task_struct", "sk_buff", "__sk_buff", "xdp_md", "sock",
            "bpf_sock_addr", "iphdr", "sched_entity");
    private static final Pattern TYPE_LINE = Pattern.compile("^\\[(\\d+)] (\\w+) '([^']*)'");
    private static final Pattern MEMBER_LINE = Pattern.compile(
            "^\t'([^']*)' type_id=(\\d+) bits_offset=(\\d+)(?: bitfield_size=(\\d+))?$");

    private static byte[] vmlinuxBytes;
    private static long parseCpuNanos;
    private static KernelBtf kernel;
    private static BpftoolView bpftool;

    @BeforeAll
    static void load() throws Exception {
        Prerequisites.require("kernel BTF at " + KernelBtf.VMLINUX, Files.isReadable(KernelBtf.VMLINUX));
        vmlinuxBytes = Files.readAllBytes(KernelBtf.VMLINUX);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        kernel = KernelBtf.of(Btf.parse(vmlinuxBytes));
        parseCpuNanos = threads.getCurrentThreadCpuTime() - before;
        bpftool = new BpftoolView(BpftoolTool.dumpRaw(KernelBtf.VMLINUX));
    }

    @Test
    void parsesInUnderASecondAndReencodesExactly() {
        System.out.printf("vmlinux BTF: %d bytes, %d types, parsed in %.0f ms of CPU%n", vmlinuxBytes.length,
                kernel.btf().maxId(), parseCpuNanos / 1e6);
        assertTrue(parseCpuNanos < 1_000_000_000L, "parse took " + parseCpuNanos / 1e6 + " ms of CPU");
        assertEquals(bpftool.kinds.size(), kernel.btf().maxId());
        assertArrayEquals(vmlinuxBytes, kernel.btf().encode());
    }

    @Test
    void everyTypeDecodesAsBpftoolDecodesIt() {
        String ours = BpftoolRawFormat.format(kernel.btf());
        if (!ours.equals(bpftool.raw)) {
            String[] a = ours.split("\n");
            String[] b = bpftool.raw.split("\n");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                assertEquals(b[i], a[i], "line " + (i + 1) + " of the raw dump");
            }
            assertEquals(b.length, a.length, "lines in the raw dump");
        }
    }

    @Test
    void fieldOffsetsMatchBpftool() {
        int checked = 0;
        for (String struct : STRUCTS) {
            int id = kernel.findType(struct, BtfKind.STRUCT).orElseThrow();
            assertEquals(struct, bpftool.names.get(id));
            for (Map.Entry<String, long[]> field : bpftool.visibleFields(id).entrySet()) {
                String path = struct + "." + field.getKey();
                FieldLocation at = kernel.field(path);
                long[] expected = field.getValue();
                assertEquals(expected[0], at.typeId(), path + " type");
                assertEquals(expected[1], at.bitOffset(), path + " offset");
                if (expected[2] != 0) {
                    assertTrue(at.bitfield(), path);
                    assertEquals(expected[2], at.bitSize(), path + " bitfield size");
                }
                checked++;
            }
        }
        assertTrue(checked > 300, "checked only " + checked + " fields");
    }

    @Test
    void wellKnownFields() {
        FieldLocation len = kernel.field("sk_buff.len");
        assertEquals(32, len.bitSize());
        assertEquals(bpftool.visibleFields(kernel.findType("sk_buff", BtfKind.STRUCT).getAsInt()).get("len")[1],
                len.bitOffset());
        assertEquals(4, kernel.field("task_struct.pid").byteSize());
        int se = kernel.findType("sched_entity", BtfKind.STRUCT).getAsInt();
        FieldLocation vruntime = kernel.field("task_struct.se.vruntime");
        assertEquals(kernel.field("task_struct.se").bitOffset() + bpftool.visibleFields(se).get("vruntime")[1],
                vruntime.bitOffset());
        assertEquals(8, vruntime.byteSize());
        assertEquals(0, kernel.field("xdp_md.data").byteOffset());
        assertEquals(4, kernel.field("xdp_md.data_end").byteOffset());
    }

    @Test
    void functionIdsMatchBpftool() {
        for (String fn : List.of("tcp_connect", "do_sys_openat2", "bpf_prog_test_run_xdp")) {
            Integer expected = bpftool.funcs.get(fn);
            if (expected != null) {
                assertEquals(expected, kernel.functionId(fn), fn);
            }
        }
        assertFalse(bpftool.funcs.isEmpty());
        Map.Entry<String, Integer> any = bpftool.funcs.entrySet().iterator().next();
        assertEquals(any.getValue(), kernel.functionId(any.getKey()));
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> kernel.functionId("no_such_function_xyz"));
        assertTrue(e.getMessage().contains("no_such_function_xyz"));
    }

    @Test
    void attachTargetsAndPrototypes() {
        int lsm = kernel.functionId("bpf_lsm_file_open");
        assertEquals(bpftool.funcs.get("bpf_lsm_file_open"), lsm);
        BtfType.FuncProto open = kernel.functionPrototype("bpf_lsm_file_open");
        assertEquals(List.of("file"), open.params().stream().map(BtfType.Param::name).toList());
        int tp = kernel.tracepointId("sched_switch");
        assertEquals("TYPEDEF", bpftool.kinds.get(tp));
        assertEquals("btf_trace_sched_switch", bpftool.names.get(tp));
        int proto = kernel.btf().type(kernel.btf().type(tp, BtfType.Typedef.class).type(), BtfType.Ptr.class).type();
        List<BtfType.Param> args = kernel.btf().type(proto, BtfType.FuncProto.class).params();
        assertEquals(5, args.size(), "void *__data, bool preempt, prev, next, prev_state");
        int prev = kernel.btf().type(args.get(2).type(), BtfType.Ptr.class).type();
        assertEquals(kernel.findType("task_struct", BtfKind.STRUCT).getAsInt(), prev);
        assertThrows(NoSuchElementException.class, () -> kernel.tracepointId("no_such_tracepoint_xyz"));
    }

    @Test
    void badPathsSayWhatIsMissing() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> kernel.field("task_struct.nope"));
        assertTrue(e.getMessage().contains("no member 'nope' in struct 'task_struct'"), e.getMessage());
        e = assertThrows(NoSuchElementException.class, () -> kernel.field("task_struct.pid.x"));
        assertTrue(e.getMessage().contains("'pid'") && e.getMessage().contains("not a struct"), e.getMessage());
        e = assertThrows(NoSuchElementException.class, () -> kernel.field("no_such_struct_xyz.a"));
        assertTrue(e.getMessage().contains("no_such_struct_xyz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.field("task_struct"));
        assertThrows(IllegalArgumentException.class, () -> kernel.field("task_struct..pid"));
    }

    /** bpftool's view of the types: kinds, names, struct/union members, funcs. */
    private static final class BpftoolView {
        final Map<Integer, String> kinds = new HashMap<>();
        final Map<Integer, String> names = new HashMap<>();
        final Map<Integer, List<long[]>> members = new HashMap<>();
        final Map<Integer, List<String>> memberNames = new HashMap<>();
        final Map<String, Integer> funcs = new LinkedHashMap<>();
        final String raw;

        BpftoolView(String raw) {
            this.raw = raw;
            int current = -1;
            for (String line : raw.split("\n")) {
                if (line.startsWith("[")) {
                    Matcher t = TYPE_LINE.matcher(line);
                    if (!t.find()) {
                        throw new AssertionError("unexpected bpftool line: " + line);
                    }
                    current = Integer.parseInt(t.group(1));
                    String name = t.group(3).equals("(anon)") ? "" : t.group(3);
                    kinds.put(current, t.group(2));
                    names.put(current, name);
                    if (t.group(2).equals("FUNC")) {
                        funcs.putIfAbsent(name, current);
                    }
                    continue;
                }
                String kind = kinds.get(current);
                if (!"STRUCT".equals(kind) && !"UNION".equals(kind)) {
                    continue;
                }
                Matcher m = MEMBER_LINE.matcher(line);
                if (m.find()) {
                    members.computeIfAbsent(current, k -> new java.util.ArrayList<>()).add(new long[] {
                        Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        m.group(4) == null ? 0 : Long.parseLong(m.group(4))});
                    memberNames.computeIfAbsent(current, k -> new java.util.ArrayList<>())
                            .add(m.group(1).equals("(anon)") ? "" : m.group(1));
                }
            }
        }

        /** Every member name visible on the struct, through anonymous members: name -> {type, bit offset, bitfield size}. */
        Map<String, long[]> visibleFields(int id) {
            Map<String, long[]> out = new LinkedHashMap<>();
            collect(id, 0, out);
            return out;
        }

        private void collect(int id, long base, Map<String, long[]> out) {
            List<long[]> ms = members.getOrDefault(id, List.of());
            List<String> ns = memberNames.getOrDefault(id, List.of());
            for (int i = 0; i < ms.size(); i++) {
                long[] m = ms.get(i);
                if (ns.get(i).isEmpty()) {
                    String kind = kinds.get((int) m[0]);
                    if ("STRUCT".equals(kind) || "UNION".equals(kind)) {
                        collect((int) m[0], base + m[1], out);
                    }
                } else {
                    out.putIfAbsent(ns.get(i), new long[] {m[0], base + m[1], m[2]});
                }
            }
        }
    }
}
