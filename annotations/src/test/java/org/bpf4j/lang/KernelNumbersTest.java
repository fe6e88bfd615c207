package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.annotation.ProgramType;
import org.junit.jupiter.api.Test;

/** {@link ProgramType} and {@link MapKind} numbers against {@code linux/bpf.h}. */
class KernelNumbersTest {
    /** Kernel program type and expected attach type names ("" for none) per constant. */
    private static final Map<ProgramType, String[]> NAMES = new EnumMap<>(ProgramType.class);

    static {
        NAMES.put(ProgramType.SOCKET_FILTER, new String[] {"SOCKET_FILTER", ""});
        NAMES.put(ProgramType.KPROBE, new String[] {"KPROBE", ""});
        NAMES.put(ProgramType.KRETPROBE, new String[] {"KPROBE", ""});
        NAMES.put(ProgramType.UPROBE, new String[] {"KPROBE", ""});
        NAMES.put(ProgramType.URETPROBE, new String[] {"KPROBE", ""});
        NAMES.put(ProgramType.USDT, new String[] {"KPROBE", ""});
        NAMES.put(ProgramType.TRACEPOINT, new String[] {"TRACEPOINT", ""});
        NAMES.put(ProgramType.RAW_TRACEPOINT, new String[] {"RAW_TRACEPOINT", ""});
        NAMES.put(ProgramType.XDP, new String[] {"XDP", "XDP"});
        NAMES.put(ProgramType.TC, new String[] {"SCHED_CLS", ""});
        NAMES.put(ProgramType.CGROUP_SKB_INGRESS, new String[] {"CGROUP_SKB", "CGROUP_INET_INGRESS"});
        NAMES.put(ProgramType.CGROUP_SKB_EGRESS, new String[] {"CGROUP_SKB", "CGROUP_INET_EGRESS"});
        NAMES.put(ProgramType.CGROUP_SOCK, new String[] {"CGROUP_SOCK", "CGROUP_INET_SOCK_CREATE"});
        NAMES.put(ProgramType.CGROUP_POST_BIND4, new String[] {"CGROUP_SOCK", "CGROUP_INET4_POST_BIND"});
        NAMES.put(ProgramType.CGROUP_POST_BIND6, new String[] {"CGROUP_SOCK", "CGROUP_INET6_POST_BIND"});
        NAMES.put(ProgramType.CGROUP_CONNECT4, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_INET4_CONNECT"});
        NAMES.put(ProgramType.CGROUP_CONNECT6, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_INET6_CONNECT"});
        NAMES.put(ProgramType.CGROUP_SENDMSG4, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_UDP4_SENDMSG"});
        NAMES.put(ProgramType.CGROUP_SENDMSG6, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_UDP6_SENDMSG"});
        NAMES.put(ProgramType.CGROUP_BIND4, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_INET4_BIND"});
        NAMES.put(ProgramType.CGROUP_BIND6, new String[] {"CGROUP_SOCK_ADDR", "CGROUP_INET6_BIND"});
        NAMES.put(ProgramType.PERF_EVENT, new String[] {"PERF_EVENT", ""});
        NAMES.put(ProgramType.FENTRY, new String[] {"TRACING", "TRACE_FENTRY"});
        NAMES.put(ProgramType.FEXIT, new String[] {"TRACING", "TRACE_FEXIT"});
        NAMES.put(ProgramType.FMOD_RET, new String[] {"TRACING", "MODIFY_RETURN"});
        NAMES.put(ProgramType.LSM, new String[] {"LSM", "LSM_MAC"});
        NAMES.put(ProgramType.TP_BTF, new String[] {"TRACING", "TRACE_RAW_TP"});
        NAMES.put(ProgramType.ITER, new String[] {"TRACING", "TRACE_ITER"});
        NAMES.put(ProgramType.SK_MSG, new String[] {"SK_MSG", "SK_MSG_VERDICT"});
        NAMES.put(ProgramType.SK_SKB, new String[] {"SK_SKB", "SK_SKB_STREAM_VERDICT"});
    }

    @Test
    void programTypesMatchTheKernelEnums() throws Exception {
        assertEquals(ProgramType.values().length, NAMES.size(), "every ProgramType needs a row here");
        StringBuilder body = new StringBuilder();
        for (var entry : NAMES.entrySet()) {
            body.append(print(entry.getKey() + ".prog", "BPF_PROG_TYPE_" + entry.getValue()[0]));
            if (!entry.getValue()[1].isEmpty()) {
                body.append(print(entry.getKey() + ".attach", "BPF_" + entry.getValue()[1]));
            }
        }
        Map<String, Long> c = CProbe.run("#include <linux/bpf.h>", body.toString());
        for (var entry : NAMES.entrySet()) {
            ProgramType type = entry.getKey();
            assertEquals(c.get(type + ".prog"), (long) type.kernelProgType(), type + " program type");
            long expectedAttach = entry.getValue()[1].isEmpty() ? ProgramType.NO_ATTACH_TYPE : c.get(type + ".attach");
            assertEquals(expectedAttach, type.expectedAttachType(), type + " attach type");
        }
    }

    @Test
    void mapKindsMatchTheKernelEnum() throws Exception {
        StringBuilder body = new StringBuilder();
        for (MapKind kind : MapKind.values()) {
            body.append(print(kind.name(), "BPF_MAP_TYPE_" + kind.name()));
        }
        Map<String, Long> c = CProbe.run("#include <linux/bpf.h>", body.toString());
        for (MapKind kind : MapKind.values()) {
            assertEquals(c.get(kind.name()), (long) kind.kernelType(), kind.name());
            assertEquals(kind, MapKind.ofKernelType(kind.kernelType()));
        }
        assertThrows(IllegalArgumentException.class, () -> MapKind.ofKernelType(999));
    }

    @Test
    void mapClassesDeclareTheirKernelKind() {
        assertEquals(MapKind.HASH, BpfHashMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.LRU_HASH, BpfLruHashMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.PERCPU_HASH, BpfPerCpuHashMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.ARRAY, BpfArrayMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.PERCPU_ARRAY, BpfPerCpuArrayMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.RINGBUF, BpfRingBuffer.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.PERF_EVENT_ARRAY, BpfPerfEventArray.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.PROG_ARRAY, BpfProgArray.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.LRU_PERCPU_HASH, BpfLruPerCpuHashMap.class.getAnnotation(KernelMapType.class).value());
        assertEquals(MapKind.LPM_TRIE, BpfLpmTrieMap.class.getAnnotation(KernelMapType.class).value());
    }

    @Test
    void mapFlagsMatchTheKernel() throws Exception {
        Map<String, Long> c = CProbe.run("#include <linux/bpf.h>", print("NO_PREALLOC", "BPF_F_NO_PREALLOC")
                + print("RDONLY_PROG", "BPF_F_RDONLY_PROG") + print("WRONLY_PROG", "BPF_F_WRONLY_PROG")
                + print("MMAPABLE", "BPF_F_MMAPABLE"));
        assertEquals(c.get("NO_PREALLOC"), (long) BpfMap.F_NO_PREALLOC);
        assertEquals(c.get("RDONLY_PROG"), (long) BpfMap.F_RDONLY_PROG);
        assertEquals(c.get("WRONLY_PROG"), (long) BpfMap.F_WRONLY_PROG);
        assertEquals(c.get("MMAPABLE"), (long) BpfMap.F_MMAPABLE);
    }

    @Test
    void sectionsFollowLibbpfNaming() {
        assertEquals("xdp", ProgramType.XDP.section("eth0"));
        assertEquals("tracepoint/sched/sched_process_exec", ProgramType.TRACEPOINT.section("sched/sched_process_exec"));
        assertEquals("kprobe", ProgramType.KPROBE.section(""));
        assertEquals("cgroup/connect4", ProgramType.CGROUP_CONNECT4.section("/sys/fs/cgroup/x"));
        assertEquals(ProgramType.TRACEPOINT, ProgramType.ofSection("tracepoint/sched/sched_switch"));
        assertEquals(ProgramType.TRACEPOINT, ProgramType.ofSection("tp/sched/sched_switch"));
        assertEquals(ProgramType.RAW_TRACEPOINT, ProgramType.ofSection("raw_tp/sched_switch"));
        assertEquals(ProgramType.TC, ProgramType.ofSection("classifier"));
        assertEquals(ProgramType.CGROUP_SKB_EGRESS, ProgramType.ofSection("cgroup_skb/egress"));
        assertEquals(ProgramType.URETPROBE, ProgramType.ofSection("uretprobe//bin/bash:readline"));
        assertEquals(ProgramType.USDT, ProgramType.ofSection("usdt/libjvm.so:hotspot:gc__begin"));
        for (ProgramType type : ProgramType.values()) {
            assertEquals(type, ProgramType.ofSection(type.section("")));
            assertTrue(BpfContext.class.isAssignableFrom(type.contextClass()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgramType.ofSection("xdpx"));
        assertTrue(e.getMessage().contains("xdpx"));
    }

    private static String print(String key, String constant) {
        return "printf(\"" + key + " %d\\n\", (int) " + constant + ");\n";
    }
}
