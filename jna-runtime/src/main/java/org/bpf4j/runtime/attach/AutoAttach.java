package org.bpf4j.runtime.attach;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.load.SectionDefs;

/**
 * Chooses how to attach a program from its ELF section (libbpf's conventions) and a target
 * string; the target forms are listed on {@link Attach#auto(LoadedProgram, String)}.
 */
final class AutoAttach {
    private static final Set<Integer> CGROUP_PROGRAM_TYPES = Set.of(KernelTypes.CGROUP_SKB, KernelTypes.CGROUP_SOCK,
            KernelTypes.CGROUP_SOCK_ADDR, KernelTypes.CGROUP_DEVICE, KernelTypes.CGROUP_SYSCTL,
            KernelTypes.CGROUP_SOCKOPT, KernelTypes.SOCK_OPS);

    private AutoAttach() {}

    static boolean hasTargetInSection(LoadedProgram program) {
        if (program.section().isEmpty()) return false;
        SectionDefs.SectionDef def = SectionDefs.forSection(program.section());
        switch (def.progType()) {
            case KernelTypes.TRACING:
                return !isIterator(def);   // an iterator runs when read: BpfIterator
            case KernelTypes.LSM:
                return true;
            case KernelTypes.TRACEPOINT:
            case KernelTypes.RAW_TRACEPOINT:
            case KernelTypes.RAW_TRACEPOINT_WRITABLE:
                return !def.target(program.section()).isEmpty();
            case KernelTypes.KPROBE:
                return !def.target(program.section()).isEmpty() && isProbeKindAutomatic(def);
            default:
                return false;
        }
    }

    private static boolean isIterator(SectionDefs.SectionDef def) {
        return def.expectedAttachType() == BpfIterator.TRACE_ITER;
    }

    static Link attach(LoadedProgram program, String target) {
        String section = program.section();
        if (section.isEmpty()) {
            throw new IllegalArgumentException("program '" + program.name() + "' was not loaded from an ELF section,"
                    + " so its attach kind is unknown: use the Attach method for its kind");
        }
        SectionDefs.SectionDef def = SectionDefs.forSection(section);
        String fromSection = def.target(section);
        String t = target == null || target.isEmpty() ? fromSection : target;
        int type = def.progType();
        if (CGROUP_PROGRAM_TYPES.contains(type)) {
            CgroupAttachType hook = CgroupAttachType.ofKernelValue(def.expectedAttachType()).orElseThrow(() ->
                    new IllegalArgumentException("section '" + section + "' names cgroup attach type "
                            + def.expectedAttachType() + ", which bpf4j does not know"));
            return CgroupAttach.attach(program, Path.of(require(t, program, "a cgroup path")), hook);
        }
        switch (type) {
            case KernelTypes.XDP:
                return xdp(program, require(target, program, "an interface name"));
            case KernelTypes.SCHED_CLS:
                return tc(program, def.prefix(), require(target, program, "an interface name"));
            case KernelTypes.TRACEPOINT:
                return tracepoint(program, require(t, program, "a tracepoint category/name"));
            case KernelTypes.RAW_TRACEPOINT:
            case KernelTypes.RAW_TRACEPOINT_WRITABLE:
                return TracingAttach.rawTracepoint(program, require(t, program, "a raw tracepoint name"));
            case KernelTypes.TRACING:
            case KernelTypes.LSM:
                if (isIterator(def)) {
                    throw new IllegalArgumentException("iterator '" + program.name() + "' runs when it is read: use BpfIterator.attach(program)");
                }
                return TracingAttach.btfTyped(program);
            case KernelTypes.KPROBE:
                return probe(program, def, require(t, program, "a probe target"));
            case KernelTypes.SK_LOOKUP:
            case KernelTypes.FLOW_DISSECTOR:
                return NetnsAttach.attach(program, Path.of(require(t, program, "a network namespace file")));
            case KernelTypes.SK_SKB:
            case KernelTypes.SK_MSG:
                throw new IllegalArgumentException("sockmap program '" + program.name() + "' attaches to a map:"
                        + " use Attach.sockMap(program, map, type)");
            case KernelTypes.SOCKET_FILTER:
                throw new IllegalArgumentException("socket filter '" + program.name() + "' attaches to a socket:"
                        + " use Attach.socketFilter(program, channel or fd)");
            case KernelTypes.PERF_EVENT:
                throw new IllegalArgumentException("perf event program '" + program.name() + "' attaches to a perf"
                        + " event: use Attach.perfEvent or Attach.cpuClock");
            default:
                throw new IllegalArgumentException("bpf4j cannot attach section '" + section + "' (program '"
                        + program.name() + "') automatically");
        }
    }

    private static Link xdp(LoadedProgram program, String target) {
        int colon = target.indexOf(':');
        XdpMode mode = colon < 0 ? XdpMode.DEFAULT : parse(XdpMode.class, target.substring(colon + 1), target);
        String ifname = colon < 0 ? target : target.substring(0, colon);
        return XdpAttach.attach(program, NetworkInterfaces.indexOf(ifname), ifname, mode);
    }

    private static Link tc(LoadedProgram program, String prefix, String target) {
        int colon = target.indexOf(':');
        String ifname = colon < 0 ? target : target.substring(0, colon);
        TcDirection direction = prefix.endsWith("egress") ? TcDirection.EGRESS
                : prefix.endsWith("ingress") || colon < 0 ? TcDirection.INGRESS
                : parse(TcDirection.class, target.substring(colon + 1), target);
        return TcAttach.attach(program, NetworkInterfaces.indexOf(ifname), ifname, direction);
    }

    private static Link tracepoint(LoadedProgram program, String target) {
        String[] parts = target.split("[/:]");
        if (parts.length != 2) {
            throw new IllegalArgumentException("tracepoint target '" + target + "' of program '" + program.name()
                    + "' must be category/name, e.g. sched/sched_process_exec");
        }
        return PerfEventAttach.tracepoint(program, parts[0], parts[1]);
    }

    private static boolean isProbeKindAutomatic(SectionDefs.SectionDef def) {
        String p = def.prefix();
        return p.equals("kprobe") || p.equals("kretprobe") || p.startsWith("uprobe") && !p.contains("multi")
                || p.startsWith("uretprobe") && !p.contains("multi");
    }

    private static Link probe(LoadedProgram program, SectionDefs.SectionDef def, String target) {
        String p = def.prefix();
        if (!isProbeKindAutomatic(def)) {
            throw new IllegalArgumentException("bpf4j cannot attach section '" + program.section() + "' (program '"
                    + program.name() + "') automatically");
        }
        boolean ret = p.startsWith("kretprobe") || p.startsWith("uretprobe");
        if (p.startsWith("k")) {
            int plus = target.indexOf('+');
            String function = plus < 0 ? target : target.substring(0, plus);
            return PerfEventAttach.kprobe(program, function, plus < 0 ? 0 : Long.decode(target.substring(plus + 1)), ret);
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("uprobe target '" + target + "' of program '" + program.name()
                    + "' must be /path/binary:function[+offset] or /path/binary:0xoffset");
        }
        Path binary = UprobeTarget.resolveBinary(target.substring(0, colon));
        String where = target.substring(colon + 1);
        long offset;
        if (where.startsWith("0x")) {
            offset = Long.decode(where);
        } else {
            int plus = where.indexOf('+');
            String function = plus < 0 ? where : where.substring(0, plus);
            offset = UprobeTarget.fileOffset(binary, function) + (plus < 0 ? 0 : Long.decode(where.substring(plus + 1)));
        }
        return PerfEventAttach.uprobe(program, binary, offset, ret, -1, target);
    }

    private static String require(String value, LoadedProgram program, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("program '" + program.name() + "' (section '" + program.section()
                    + "') needs " + what + " to attach to");
        }
        return value;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String target) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' in target '" + target + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
