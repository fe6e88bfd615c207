package org.bpf4j.runtime.attach;

import java.util.Map;
import org.bpf4j.runtime.LoadedProgram;

/**
 * The kernel's program types ({@code enum bpf_prog_type}) and non-cgroup attach types
 * ({@code enum bpf_attach_type}) that attaching refers to, and the check that a program fits a
 * hook. Cgroup attach types are in {@link CgroupAttachType}.
 */
final class KernelTypes {
    static final int SOCKET_FILTER = 1, KPROBE = 2, SCHED_CLS = 3, SCHED_ACT = 4, TRACEPOINT = 5, XDP = 6,
            PERF_EVENT = 7, CGROUP_SKB = 8, CGROUP_SOCK = 9, SOCK_OPS = 13, CGROUP_DEVICE = 15,
            RAW_TRACEPOINT = 17, CGROUP_SOCK_ADDR = 18, CGROUP_SYSCTL = 23, RAW_TRACEPOINT_WRITABLE = 24,
            CGROUP_SOCKOPT = 25, TRACING = 26, EXT = 28, LSM = 29, FLOW_DISSECTOR = 22, SK_LOOKUP = 30,
            SK_SKB = 14, SK_MSG = 16;

    static final int ATTACH_XDP = 37, ATTACH_PERF_EVENT = 41, ATTACH_TCX_INGRESS = 46, ATTACH_TCX_EGRESS = 47;

    private static final Map<Integer, String> PROGRAM_TYPE_NAMES = Map.ofEntries(
            Map.entry(SOCKET_FILTER, "socket filter"), Map.entry(KPROBE, "kprobe/uprobe"),
            Map.entry(SCHED_CLS, "tc classifier"), Map.entry(SCHED_ACT, "tc action"),
            Map.entry(TRACEPOINT, "tracepoint"), Map.entry(XDP, "XDP"), Map.entry(PERF_EVENT, "perf event"),
            Map.entry(CGROUP_SKB, "cgroup skb"), Map.entry(CGROUP_SOCK, "cgroup sock"),
            Map.entry(SOCK_OPS, "sockops"), Map.entry(CGROUP_DEVICE, "cgroup device"),
            Map.entry(RAW_TRACEPOINT, "raw tracepoint"), Map.entry(CGROUP_SOCK_ADDR, "cgroup sock_addr"),
            Map.entry(CGROUP_SYSCTL, "cgroup sysctl"), Map.entry(RAW_TRACEPOINT_WRITABLE, "writable raw tracepoint"),
            Map.entry(CGROUP_SOCKOPT, "cgroup sockopt"), Map.entry(TRACING, "tracing (fentry/fexit/tp_btf)"),
            Map.entry(EXT, "freplace"), Map.entry(LSM, "LSM"), Map.entry(FLOW_DISSECTOR, "flow dissector"),
            Map.entry(SK_LOOKUP, "sk_lookup"), Map.entry(SK_SKB, "sk_skb"), Map.entry(SK_MSG, "sk_msg"));

    private KernelTypes() {}

    static String programTypeName(int type) {
        return PROGRAM_TYPE_NAMES.getOrDefault(type, "type " + type);
    }

    /** Throws unless {@code program} has one of {@code types}, naming the hook it was meant for. */
    static void require(LoadedProgram program, String hook, int... types) {
        for (int t : types) {
            if (program.type() == t) return;
        }
        StringBuilder wanted = new StringBuilder();
        for (int t : types) {
            if (wanted.length() > 0) wanted.append(" or ");
            wanted.append(programTypeName(t));
        }
        throw new IllegalArgumentException("program '" + program.name() + "' is a " + programTypeName(program.type())
                + " program; " + hook + " needs a " + wanted + " program");
    }
}
