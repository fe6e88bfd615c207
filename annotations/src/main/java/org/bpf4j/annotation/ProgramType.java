package org.bpf4j.annotation;

import org.bpf4j.lang.BpfContext;
import org.bpf4j.lang.PerfEventContext;
import org.bpf4j.lang.PtRegs;
import org.bpf4j.lang.RawTracepointContext;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.SkMsgContext;
import org.bpf4j.lang.SockAddrContext;
import org.bpf4j.lang.SockContext;
import org.bpf4j.lang.TracepointContext;
import org.bpf4j.lang.UsdtContext;
import org.bpf4j.lang.XdpContext;

/**
 * The kinds of eBPF programs, each with the facts the compiler and the loader need: libbpf's
 * section name (prefix), the kernel program type ({@code enum bpf_prog_type}), the expected
 * attach type passed at load ({@code enum bpf_attach_type}, or {@link #NO_ATTACH_TYPE}) and
 * the Java context class of the program's parameter ({@code BpfContext} itself for the types whose
 * programs take typed parameters instead, see {@link #typedArguments()}).
 */
public enum ProgramType {
    /** Socket filter ({@code SO_ATTACH_BPF}): return the number of bytes to keep, 0 drops. */
    SOCKET_FILTER("socket", 1, -1, SkBuffContext.class, false),
    /** Kernel function entry probe; target {@code "do_unlinkat"}. */
    KPROBE("kprobe", 2, -1, PtRegs.class, true),
    /** Kernel function return probe; {@code PtRegs.ret()} is the return value. */
    KRETPROBE("kretprobe", 2, -1, PtRegs.class, true),
    /** User function entry probe; target {@code "/path/binary:function"}. */
    UPROBE("uprobe", 2, -1, PtRegs.class, true),
    /** User function return probe. */
    URETPROBE("uretprobe", 2, -1, PtRegs.class, true),
    /**
     * USDT probe (a uprobe on every site of a {@code <sys/sdt.h>} probe); target
     * {@code "binary:provider:name"}, the binary a path or a library name such as
     * {@code libjvm.so}. Arguments through {@code UsdtContext.arg(i)}.
     */
    USDT("usdt", 2, -1, UsdtContext.class, true),
    /** Static tracepoint; target {@code "category/name"}. */
    TRACEPOINT("tracepoint", 5, -1, TracepointContext.class, true),
    /** Raw tracepoint (arguments as u64 slots); target the tracepoint name. */
    RAW_TRACEPOINT("raw_tracepoint", 17, -1, RawTracepointContext.class, true),
    /** XDP, returns an {@code XdpAction}; attached to an interface. */
    XDP("xdp", 6, 37, XdpContext.class, false),
    /** tc classifier ({@code sched_cls}, direct action), returns a {@code TcAction}. */
    TC("tc", 3, -1, SkBuffContext.class, false),
    /** cgroup ingress skb filter, returns a {@code CgroupVerdict}. */
    CGROUP_SKB_INGRESS("cgroup_skb/ingress", 8, 0, SkBuffContext.class, false),
    /** cgroup egress skb filter, returns a {@code CgroupVerdict}. */
    CGROUP_SKB_EGRESS("cgroup_skb/egress", 8, 1, SkBuffContext.class, false),
    /** cgroup socket creation hook, returns a {@code CgroupVerdict}. */
    CGROUP_SOCK("cgroup/sock_create", 9, 2, SockContext.class, false),
    /** cgroup hook after an IPv4 {@code bind()}: the bound address and port are readable. */
    CGROUP_POST_BIND4("cgroup/post_bind4", 9, 12, SockContext.class, false),
    /** cgroup hook after an IPv6 {@code bind()}. */
    CGROUP_POST_BIND6("cgroup/post_bind6", 9, 13, SockContext.class, false),
    /** cgroup IPv4 {@code connect()} hook; may rewrite the destination. */
    CGROUP_CONNECT4("cgroup/connect4", 18, 10, SockAddrContext.class, false),
    /** cgroup IPv6 {@code connect()} hook. */
    CGROUP_CONNECT6("cgroup/connect6", 18, 11, SockAddrContext.class, false),
    /** cgroup UDP IPv4 {@code sendmsg()} hook. */
    CGROUP_SENDMSG4("cgroup/sendmsg4", 18, 14, SockAddrContext.class, false),
    /** cgroup UDP IPv6 {@code sendmsg()} hook. */
    CGROUP_SENDMSG6("cgroup/sendmsg6", 18, 15, SockAddrContext.class, false),
    /** cgroup IPv4 {@code bind()} hook. */
    CGROUP_BIND4("cgroup/bind4", 18, 8, SockAddrContext.class, false),
    /** cgroup IPv6 {@code bind()} hook. */
    CGROUP_BIND6("cgroup/bind6", 18, 9, SockAddrContext.class, false),
    /** perf event sampling program. */
    PERF_EVENT("perf_event", 7, -1, PerfEventContext.class, false),
    /**
     * BTF-typed kernel function entry (trampoline); target the function, e.g.
     * {@code "do_unlinkat"}. The method's parameters are the function's arguments
     * ({@code BPF_PROG} style): integers and {@link KernelStruct} pointers, read with direct loads.
     */
    FENTRY("fentry", 26, 24, BpfContext.class, true),
    /**
     * BTF-typed kernel function exit: parameters like {@link #FENTRY}, then optionally the return
     * value, e.g. {@code (int dfd, Filename name, int ret)}.
     */
    FEXIT("fexit", 26, 25, BpfContext.class, true),
    /**
     * BTF-typed kernel function return override ({@code BPF_MODIFY_RETURN}): parameters like
     * {@link #FEXIT}, the last optional one the return value so far (0: the kernel runs the next
     * fmod_ret program only while they return 0). Returns an {@code int}: 0 lets the function run, any other value is returned in
     * its place and the function is skipped. The kernel allows only functions it marks for error
     * injection ({@code ALLOW_ERROR_INJECTION}, e.g. syscalls, where CONFIG_FUNCTION_ERROR_INJECTION
     * is on) and the LSM's {@code security_*} functions, e.g. {@code "security_path_mkdir"}.
     */
    FMOD_RET("fmod_ret", 26, 26, BpfContext.class, true),
    /**
     * BTF-typed raw tracepoint; target the tracepoint, e.g. {@code "sched_process_exec"}. Typed
     * parameters like {@link #FENTRY}: the tracepoint's arguments.
     */
    TP_BTF("tp_btf", 26, 23, BpfContext.class, true),
    /**
     * BPF iterator; target the kind of kernel object, e.g. {@code "task"}. Typed parameters like
     * {@link #TP_BTF}: the iterator context's members, e.g. {@code (IterMeta meta, Task task)}
     * for {@code iter/task} (the task is null on the last call); write output with
     * {@code Bpf.seqPrintf}/{@code Bpf.seqWrite} to {@code meta.seq}.
     */
    ITER("iter", 26, 28, BpfContext.class, true),
    /**
     * BPF LSM hook; target the hook name, e.g. {@code "path_mkdir"}. Typed parameters like
     * {@link #FEXIT}: the hook's arguments, then optionally the verdict of the programs before
     * this one. Returns the verdict, an {@code int}: 0 allows, {@code -errno} refuses.
     */
    LSM("lsm", 29, 27, BpfContext.class, true),
    /** sockmap message verdict ({@code SK_PASS = 1}, {@code SK_DROP = 0}). */
    SK_MSG("sk_msg", 16, 7, SkMsgContext.class, false),
    /** sockmap stream verdict ({@code SK_PASS = 1}, {@code SK_DROP = 0}). */
    SK_SKB("sk_skb/stream_verdict", 14, 5, SkBuffContext.class, false);

    /** How a program type reads {@link KernelStruct} members. */
    public enum KernelAccess {
        /** Not at all: the program type has no kernel-memory helper. */
        NONE,
        /** Through {@code bpf_probe_read_kernel}: kernel pointers are plain numbers to the verifier. */
        PROBE_READ,
        /** By direct loads: the verifier tracks kernel pointers by their BTF type. */
        BTF_TYPED
    }

    /** {@link #expectedAttachType()} when the kernel expects none at load (0 is passed). */
    public static final int NO_ATTACH_TYPE = -1;

    private final String sectionPrefix;
    private final int kernelProgType;
    private final int expectedAttachType;
    private final Class<? extends BpfContext> contextClass;
    private final boolean targetInSection;

    ProgramType(String sectionPrefix, int kernelProgType, int expectedAttachType,
            Class<? extends BpfContext> contextClass, boolean targetInSection) {
        this.sectionPrefix = sectionPrefix;
        this.kernelProgType = kernelProgType;
        this.expectedAttachType = expectedAttachType;
        this.contextClass = contextClass;
        this.targetInSection = targetInSection;
    }

    /** libbpf's section name without target, e.g. {@code "xdp"}, {@code "cgroup/connect4"}. */
    public String sectionPrefix() {
        return sectionPrefix;
    }

    /** The {@code BPF_PROG_TYPE_*} number. */
    public int kernelProgType() {
        return kernelProgType;
    }

    /** The {@code BPF_*} attach type to pass as {@code expected_attach_type}, or {@link #NO_ATTACH_TYPE}. */
    public int expectedAttachType() {
        return expectedAttachType;
    }

    /** The type of the program's single parameter; {@code BpfContext} when it takes {@link #typedArguments()}. */
    public Class<? extends BpfContext> contextClass() {
        return contextClass;
    }

    /** Whether the attach target is part of the section name ({@code tracepoint/cat/name}). */
    public boolean targetInSection() {
        return targetInSection;
    }

    /**
     * Whether programs of this type may read the packet directly between {@code data} and
     * {@code data_end} (see {@code PacketAccess}). Socket filters may not: the kernel gives them
     * only {@code bpf_skb_load_bytes}, so packet intrinsics there must copy through that helper
     * (reads only). Types without a packet context answer false.
     */
    public boolean directPacketAccess() {
        return switch (this) {
            case XDP, TC, CGROUP_SKB_INGRESS, CGROUP_SKB_EGRESS, SK_SKB, SK_MSG -> true;
            default -> false;
        };
    }

    /** How programs of this type read kernel structs. */
    public KernelAccess kernelAccess() {
        return switch (this) {
            case KPROBE, KRETPROBE, UPROBE, URETPROBE, TRACEPOINT, RAW_TRACEPOINT, PERF_EVENT -> KernelAccess.PROBE_READ;
            case FENTRY, FEXIT, FMOD_RET, LSM, TP_BTF, ITER -> KernelAccess.BTF_TYPED;
            default -> KernelAccess.NONE;
        };
    }

    /**
     * Whether the program method takes the target's arguments as typed parameters
     * ({@code BPF_PROG} style, each a u64 slot of the context) instead of one context parameter.
     */
    public boolean typedArguments() {
        return kernelAccess() == KernelAccess.BTF_TYPED;
    }

    /**
     * The section name for a program with this attach target: {@code prefix/target} for types
     * whose target is part of the section (and is given), the prefix otherwise.
     */
    public String section(String target) {
        if (targetInSection && target != null && !target.isEmpty()) {
            return sectionPrefix + "/" + target;
        }
        return sectionPrefix;
    }

    /**
     * The program type whose section this is, following libbpf's rules (longest matching
     * prefix, then {@code /} or the end); also accepts libbpf's aliases {@code raw_tp},
     * {@code classifier} and {@code tp}.
     *
     * @throws IllegalArgumentException when no program type uses that section
     */
    public static ProgramType ofSection(String section) {
        String normalized = section
                .replaceFirst("^raw_tp(/|$)", "raw_tracepoint$1")
                .replaceFirst("^tp(/|$)", "tracepoint$1")
                .replaceFirst("^classifier(/|$)", "tc$1");
        ProgramType best = null;
        for (ProgramType type : values()) {
            String prefix = type.sectionPrefix;
            boolean matches = normalized.equals(prefix)
                    || (normalized.startsWith(prefix + "/") && type.targetInSection);
            if (matches && (best == null || prefix.length() > best.sectionPrefix.length())) {
                best = type;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no program type for ELF section '" + section + "'");
        }
        return best;
    }
}
