package org.bpf4j.runtime.load;

import java.util.List;

/**
 * libbpf's section-name conventions: which program type, expected attach type and load flags a
 * program in a given ELF section gets. One row per convention; the first matching row wins, so
 * longer prefixes come before shorter ones. A {@code prefix} ending in '/' needs a target after
 * it (for example {@code tracepoint/syscalls/sys_enter_execve}); otherwise the section must be
 * exactly the prefix or the prefix followed by '/' and anything (libbpf's "extended" names).
 * Probes and tracepoints are of the second kind, as in libbpf: a bare {@code tracepoint} section
 * loads, and only attaching needs a target.
 */
public final class SectionDefs {
    /** Program types ({@code enum bpf_prog_type}). */
    public static final int SOCKET_FILTER = 1, KPROBE = 2, SCHED_CLS = 3, SCHED_ACT = 4, TRACEPOINT = 5, XDP = 6,
            PERF_EVENT = 7, CGROUP_SKB = 8, CGROUP_SOCK = 9, LWT_IN = 10, LWT_OUT = 11, LWT_XMIT = 12,
            SOCK_OPS = 13, SK_SKB = 14, CGROUP_DEVICE = 15, SK_MSG = 16, RAW_TRACEPOINT = 17,
            CGROUP_SOCK_ADDR = 18, LWT_SEG6LOCAL = 19, LIRC_MODE2 = 20, SK_REUSEPORT = 21, FLOW_DISSECTOR = 22,
            CGROUP_SYSCTL = 23, RAW_TRACEPOINT_WRITABLE = 24, CGROUP_SOCKOPT = 25, TRACING = 26, STRUCT_OPS = 27,
            EXT = 28, LSM = 29, SK_LOOKUP = 30, SYSCALL = 31, NETFILTER = 32;

    /** Load flags. */
    static final int SLEEPABLE = 1 << 4, XDP_HAS_FRAGS = 1 << 5;

    /** One convention: section prefix → program type, expected attach type, load flags. */
    public record SectionDef(String prefix, int progType, int expectedAttachType, int flags) {
        boolean matches(String section) {
            if (prefix.endsWith("/")) return section.startsWith(prefix) && section.length() > prefix.length();
            return section.equals(prefix) || (section.startsWith(prefix + "/") && section.length() > prefix.length() + 1);
        }

        /** The attach target named in the section (after the prefix), or "" when none. */
        public String target(String section) {
            if (prefix.endsWith("/")) return section.substring(prefix.length());
            return section.length() > prefix.length() ? section.substring(prefix.length() + 1) : "";
        }
    }

    private static SectionDef def(String prefix, int type, int attach) {
        return new SectionDef(prefix, type, attach, 0);
    }

    private static SectionDef def(String prefix, int type, int attach, int flags) {
        return new SectionDef(prefix, type, attach, flags);
    }

    private static final List<SectionDef> DEFS = List.of(
            def("socket", SOCKET_FILTER, 0),
            def("sk_reuseport/migrate", SK_REUSEPORT, 40),
            def("sk_reuseport", SK_REUSEPORT, 39),
            def("kprobe", KPROBE, 0),
            def("uprobe", KPROBE, 0), def("uprobe.s", KPROBE, 0, SLEEPABLE),
            def("kretprobe", KPROBE, 0),
            def("uretprobe", KPROBE, 0), def("uretprobe.s", KPROBE, 0, SLEEPABLE),
            def("kprobe.multi/", KPROBE, 42), def("kretprobe.multi/", KPROBE, 42),
            def("uprobe.multi", KPROBE, 48), def("uretprobe.multi", KPROBE, 48),
            def("ksyscall", KPROBE, 0), def("kretsyscall", KPROBE, 0),
            def("usdt", KPROBE, 0),
            def("tc/ingress", SCHED_CLS, 46), def("tc/egress", SCHED_CLS, 47),
            def("tcx/ingress", SCHED_CLS, 46), def("tcx/egress", SCHED_CLS, 47),
            def("netkit/primary", SCHED_CLS, 54), def("netkit/peer", SCHED_CLS, 55),
            def("tc", SCHED_CLS, 0), def("classifier", SCHED_CLS, 0), def("action", SCHED_ACT, 0),
            def("tracepoint", TRACEPOINT, 0), def("tp", TRACEPOINT, 0),
            def("raw_tracepoint", RAW_TRACEPOINT, 0), def("raw_tp", RAW_TRACEPOINT, 0),
            def("raw_tracepoint.w", RAW_TRACEPOINT_WRITABLE, 0), def("raw_tp.w", RAW_TRACEPOINT_WRITABLE, 0),
            def("tp_btf/", TRACING, 23),
            def("fentry/", TRACING, 24), def("fmod_ret/", TRACING, 26), def("fexit/", TRACING, 25),
            def("fentry.s/", TRACING, 24, SLEEPABLE), def("fmod_ret.s/", TRACING, 26, SLEEPABLE),
            def("fexit.s/", TRACING, 25, SLEEPABLE),
            def("freplace/", EXT, 0),
            def("lsm/", LSM, 27), def("lsm.s/", LSM, 27, SLEEPABLE), def("lsm_cgroup/", LSM, 43),
            def("iter/", TRACING, 28), def("iter.s/", TRACING, 28, SLEEPABLE),
            def("syscall", SYSCALL, 0, SLEEPABLE),
            def("xdp.frags/devmap", XDP, 33, XDP_HAS_FRAGS), def("xdp/devmap", XDP, 33),
            def("xdp.frags/cpumap", XDP, 35, XDP_HAS_FRAGS), def("xdp/cpumap", XDP, 35),
            def("xdp.frags", XDP, 37, XDP_HAS_FRAGS), def("xdp", XDP, 37),
            def("perf_event", PERF_EVENT, 0),
            def("lwt_in", LWT_IN, 0), def("lwt_out", LWT_OUT, 0), def("lwt_xmit", LWT_XMIT, 0),
            def("lwt_seg6local", LWT_SEG6LOCAL, 0),
            def("sockops", SOCK_OPS, 3),
            def("sk_skb/stream_parser", SK_SKB, 4), def("sk_skb/stream_verdict", SK_SKB, 5),
            def("sk_skb/verdict", SK_SKB, 38), def("sk_skb", SK_SKB, 0),
            def("sk_msg", SK_MSG, 7),
            def("lirc_mode2", LIRC_MODE2, 16),
            def("flow_dissector", FLOW_DISSECTOR, 17),
            def("cgroup_skb/ingress", CGROUP_SKB, 0), def("cgroup_skb/egress", CGROUP_SKB, 1),
            def("cgroup/skb", CGROUP_SKB, 0),
            def("cgroup/sock_create", CGROUP_SOCK, 2), def("cgroup/sock_release", CGROUP_SOCK, 34),
            def("cgroup/sock", CGROUP_SOCK, 2),
            def("cgroup/post_bind4", CGROUP_SOCK, 12), def("cgroup/post_bind6", CGROUP_SOCK, 13),
            def("cgroup/dev", CGROUP_DEVICE, 6),
            def("cgroup/bind4", CGROUP_SOCK_ADDR, 8), def("cgroup/bind6", CGROUP_SOCK_ADDR, 9),
            def("cgroup/connect4", CGROUP_SOCK_ADDR, 10), def("cgroup/connect6", CGROUP_SOCK_ADDR, 11),
            def("cgroup/connect_unix", CGROUP_SOCK_ADDR, 49),
            def("cgroup/sendmsg4", CGROUP_SOCK_ADDR, 14), def("cgroup/sendmsg6", CGROUP_SOCK_ADDR, 15),
            def("cgroup/sendmsg_unix", CGROUP_SOCK_ADDR, 50),
            def("cgroup/recvmsg4", CGROUP_SOCK_ADDR, 19), def("cgroup/recvmsg6", CGROUP_SOCK_ADDR, 20),
            def("cgroup/recvmsg_unix", CGROUP_SOCK_ADDR, 51),
            def("cgroup/getpeername4", CGROUP_SOCK_ADDR, 29), def("cgroup/getpeername6", CGROUP_SOCK_ADDR, 30),
            def("cgroup/getpeername_unix", CGROUP_SOCK_ADDR, 52),
            def("cgroup/getsockname4", CGROUP_SOCK_ADDR, 31), def("cgroup/getsockname6", CGROUP_SOCK_ADDR, 32),
            def("cgroup/getsockname_unix", CGROUP_SOCK_ADDR, 53),
            def("cgroup/sysctl", CGROUP_SYSCTL, 18),
            def("cgroup/getsockopt", CGROUP_SOCKOPT, 21), def("cgroup/setsockopt", CGROUP_SOCKOPT, 22),
            def("struct_ops/", STRUCT_OPS, 0), def("struct_ops.s/", STRUCT_OPS, 0, SLEEPABLE),
            def("sk_lookup", SK_LOOKUP, 36),
            def("netfilter", NETFILTER, 45));

    private SectionDefs() {}

    /** The convention for {@code section}; throws naming the section when libbpf knows none. */
    public static SectionDef forSection(String section) {
        for (SectionDef d : DEFS) {
            if (d.matches(section)) return d;
        }
        throw new IllegalArgumentException("ELF section '" + section + "' names no known program type"
                + " (libbpf conventions such as 'xdp', 'tc', 'tracepoint/<category>/<name>', 'cgroup/connect4')");
    }

    /** Every convention, in matching order. */
    public static List<SectionDef> all() {
        return DEFS;
    }
}
