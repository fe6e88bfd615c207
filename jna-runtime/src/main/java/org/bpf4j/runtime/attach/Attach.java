package org.bpf4j.runtime.attach;

import java.nio.channels.NetworkChannel;
import java.nio.file.Path;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Fd;

/**
 * Attaches loaded programs to their hooks. Every method returns a {@link Link}; closing it
 * detaches. Each kind uses the kernel's BPF link where the kernel has one (a cached probe,
 * {@link org.bpf4j.runtime.probe.FeatureProbes#link}) and falls back to the
 * older interface otherwise (netlink for XDP and tc, PROG_ATTACH for cgroups, an ioctl for perf
 * events); the {@code ...Legacy} methods force the older interface.
 */
public final class Attach {
    private Attach() {}

    // ---- networking ----

    /** XDP on interface {@code ifname} (of the caller's network namespace). */
    public static Link xdp(LoadedProgram program, String ifname, XdpMode mode) {
        return XdpAttach.attach(program, NetworkInterfaces.indexOf(ifname), ifname, mode);
    }

    public static Link xdp(LoadedProgram program, int ifindex, XdpMode mode) {
        return XdpAttach.attach(program, ifindex, "ifindex " + ifindex, mode);
    }

    /** XDP through rtnetlink (RTM_SETLINK, IFLA_XDP), as on kernels before 5.9. */
    public static Link xdpLegacy(LoadedProgram program, String ifname, XdpMode mode) {
        return XdpAttach.viaNetlink(program, NetworkInterfaces.indexOf(ifname), ifname, mode);
    }

    /** tc (a {@code SCHED_CLS} program, direct action) on {@code ifname}: a tcx link, or clsact + cls_bpf. */
    public static Link tc(LoadedProgram program, String ifname, TcDirection direction) {
        return TcAttach.attach(program, NetworkInterfaces.indexOf(ifname), ifname, direction);
    }

    public static Link tc(LoadedProgram program, int ifindex, TcDirection direction) {
        return TcAttach.attach(program, ifindex, "ifindex " + ifindex, direction);
    }

    /** tc through a clsact qdisc and a direct-action cls_bpf filter (priority 1, handle 1), as before kernel 6.6. */
    public static Link tcLegacy(LoadedProgram program, String ifname, TcDirection direction) {
        return TcAttach.viaClsact(program, NetworkInterfaces.indexOf(ifname), ifname, direction);
    }

    /** A cgroup hook; {@code cgroup} is absolute or relative to the cgroup v2 mount ({@link Cgroups#v2Mount()}). */
    public static Link cgroup(LoadedProgram program, Path cgroup, CgroupAttachType type) {
        return CgroupAttach.attach(program, cgroup, type);
    }

    /** A cgroup hook named by the program's expected attach type (set at load from its section). */
    public static Link cgroup(LoadedProgram program, Path cgroup) {
        CgroupAttachType type = CgroupAttachType.ofKernelValue(program.expectedAttachType())
                .filter(t -> t.programType == program.type())
                .orElseThrow(() -> new IllegalArgumentException("program '" + program.name() + "' does not name a"
                        + " cgroup hook (expected attach type " + program.expectedAttachType() + "); pass one"));
        return CgroupAttach.attach(program, cgroup, type);
    }

    /** A cgroup hook through BPF_PROG_ATTACH with BPF_F_ALLOW_MULTI, as before kernel 5.7. */
    public static Link cgroupLegacy(LoadedProgram program, Path cgroup, CgroupAttachType type) {
        return CgroupAttach.viaProgAttach(program, cgroup, type);
    }

    /** A socket filter on the socket behind {@code channel} (found with {@link SocketFds#of}). */
    public static Link socketFilter(LoadedProgram program, NetworkChannel channel) {
        return SocketFilterAttach.attach(program, channel);
    }

    /** A socket filter on socket descriptor {@code socketFd}, which the caller keeps open while attached. */
    public static Link socketFilter(LoadedProgram program, int socketFd) {
        return SocketFilterAttach.attach(program, socketFd);
    }

    /**
     * An sk_lookup or flow dissector program on a whole network namespace, named by its file
     * ({@code /proc/<pid>/ns/net}, {@code /run/netns/<name>}); works from any namespace.
     */
    public static Link netns(LoadedProgram program, Path namespace) {
        return NetnsAttach.attach(program, namespace);
    }

    /** An sk_skb or sk_msg program on a SOCKMAP or SOCKHASH; it applies to sockets added afterwards. */
    public static Link sockMap(LoadedProgram program, KernelMap map, SockMapAttachType type) {
        return SockMapAttach.attach(program, map, type);
    }

    // ---- tracing ----

    /** Tracepoint {@code category:name} (see tracefs {@code events/}). */
    public static Link tracepoint(LoadedProgram program, String category, String name) {
        return PerfEventAttach.tracepoint(program, category, name);
    }

    public static Link rawTracepoint(LoadedProgram program, String name) {
        return TracingAttach.rawTracepoint(program, name);
    }

    /** fentry, fexit, fmod_ret, tp_btf and LSM programs: the target is the one they were loaded for. */
    public static Link tracing(LoadedProgram program) {
        return TracingAttach.btfTyped(program);
    }

    /** A uprobe on the entry of function {@code symbol} of {@code binary}, in every process. */
    public static Link uprobe(LoadedProgram program, Path binary, String symbol) {
        return uprobe(program, binary, symbol, 0, false, -1);
    }

    /** A uretprobe on the return of function {@code symbol} of {@code binary}, in every process. */
    public static Link uretprobe(LoadedProgram program, Path binary, String symbol) {
        return uprobe(program, binary, symbol, 0, true, -1);
    }

    /**
     * A uprobe or uretprobe at {@code offset} bytes into function {@code symbol}, in process
     * {@code pid} or in every process ({@code pid < 0}).
     */
    public static Link uprobe(LoadedProgram program, Path binary, String symbol, long offset, boolean ret, int pid) {
        long fileOffset = UprobeTarget.fileOffset(binary, symbol) + offset;
        return PerfEventAttach.uprobe(program, binary, fileOffset, ret, pid,
                binary + ":" + symbol + (offset == 0 ? "" : "+" + offset));
    }

    /** A uprobe or uretprobe at file offset {@code fileOffset} of {@code binary}. */
    public static Link uprobeAtOffset(LoadedProgram program, Path binary, long fileOffset, boolean ret, int pid) {
        return PerfEventAttach.uprobe(program, binary, fileOffset, ret, pid,
                binary + ":0x" + Long.toHexString(fileOffset));
    }

    public static Link kprobe(LoadedProgram program, String function) {
        return PerfEventAttach.kprobe(program, function, 0, false);
    }

    public static Link kretprobe(LoadedProgram program, String function) {
        return PerfEventAttach.kprobe(program, function, 0, true);
    }

    /** A kprobe at {@code offset} bytes into kernel function {@code function}, or a kretprobe on its return. */
    public static Link kprobe(LoadedProgram program, String function, long offset, boolean ret) {
        return PerfEventAttach.kprobe(program, function, offset, ret);
    }

    /** A perf event program on the software cpu-clock of {@code cpu}, run every {@code periodNs}. */
    public static Link cpuClock(LoadedProgram program, int cpu, long periodNs) {
        return PerfEventAttach.cpuClock(program, cpu, periodNs);
    }

    /** A program on a perf event the caller opened; the link takes ownership of {@code perfEvent}. */
    public static Link perfEvent(LoadedProgram program, Fd perfEvent) {
        return PerfEventAttach.perfEvent(program, perfEvent);
    }

    // ---- chosen from the section ----

    /**
     * Attaches as the program's ELF section says (libbpf's conventions) to {@code target}. The
     * forms of the target, by kind: XDP {@code ifname[:generic|driver|offload]}; tc
     * {@code ifname[:ingress|egress]} (a {@code tc/egress} or {@code tcx/ingress} section fixes
     * the direction); cgroup hooks a cgroup path (relative ones under the v2 mount); tracepoints
     * {@code category/name}; raw tracepoints {@code name}; kprobes {@code function[+offset]};
     * sk_lookup and flow dissector a network namespace file ({@code /run/netns/<name>});
     * uprobes {@code binary:function[+offset]} or {@code binary:0xfileoffset}, the binary a path or a
     * bare name found as {@link UprobeTarget#resolveBinary} does ({@code libc.so.6:malloc}).
     * An empty target uses the one the section names ({@code tracepoint/sched/sched_process_exec}).
     * Socket filters and perf event programs need a socket or event: use their own methods.
     */
    public static Link auto(LoadedProgram program, String target) {
        return AutoAttach.attach(program, target);
    }

    /** Attaches to the target named in the section ({@code tracepoint/sched/sched_process_exec}, {@code fentry/...}). */
    public static Link auto(LoadedProgram program) {
        return AutoAttach.attach(program, "");
    }

    /** True when {@link #auto(LoadedProgram)} needs no target: the section names it. A skeleton's attach() uses this. */
    public static boolean hasTargetInSection(LoadedProgram program) {
        return AutoAttach.hasTargetInSection(program);
    }
}
