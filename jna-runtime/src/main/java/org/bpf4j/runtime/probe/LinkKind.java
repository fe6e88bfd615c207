package org.bpf4j.runtime.probe;

/**
 * BPF link kinds newer than {@code BPF_LINK_CREATE} itself, each with what probing it takes:
 * a program of {@code progType} linked with {@code attachType} to a target that cannot exist.
 * A kernel that knows the kind looks the target up and fails on it ({@code EBADF} for an fd,
 * {@code ENODEV} for ifindex 0); one that does not rejects the attach type with {@code EINVAL}.
 * The kernel release that added the kind is for messages and documentation only.
 */
public enum LinkKind {
    /** cgroup links on a cgroup directory fd; before them, {@code BPF_PROG_ATTACH}. */
    CGROUP(8 /* CGROUP_SKB */, 0 /* BPF_CGROUP_INET_INGRESS */, "5.7", "BPF_PROG_ATTACH"),
    /** perf event links (kprobes, uprobes, tracepoints, perf events); before them, {@code PERF_EVENT_IOC_SET_BPF}. */
    PERF_EVENT(5 /* TRACEPOINT */, 41 /* BPF_PERF_EVENT */, "5.15", "PERF_EVENT_IOC_SET_BPF"),
    /** tcx links on an interface; before them, a clsact qdisc with a cls_bpf filter over netlink. */
    TCX(3 /* SCHED_CLS */, 46 /* BPF_TCX_INGRESS */, "6.6", "clsact + cls_bpf");

    final int progType;
    final int attachType;
    /** The first kernel release with this link kind. */
    public final String since;
    /** What the runtime uses where the kind is missing. */
    public final String fallback;

    LinkKind(int progType, int attachType, String since, String fallback) {
        this.progType = progType;
        this.attachType = attachType;
        this.since = since;
        this.fallback = fallback;
    }
}
