package org.bpf4j.runtime.probe;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.runtime.load.SectionDefs;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.MappedRegion;
import org.bpf4j.runtime.sys.Sys;

/**
 * What this kernel supports, found by trying: a tiny program of each type, a small map of each
 * type, a program calling a helper, a LINK_CREATE call. Answers are cached for the process.
 * Probing needs the same privileges as loading.
 */
public final class FeatureProbes {
    private static final int NO_PREALLOC = 1;
    private static final int PROG_TYPE_CGROUP_SKB = 8, PROG_TYPE_TRACING = 26, PROG_TYPE_LSM = 29;

    /** A function in vmlinux BTF that a program of a BTF-typed type is loaded for, with its expected attach type. */
    private record TracingTarget(int attachType, String function) {}

    /** Targets every kernel with the program type has: the test-run stub of BPF_PROG_TEST_RUN, an LSM hook. */
    private static final Map<Integer, TracingTarget> TRACING_TARGETS = Map.of(
            PROG_TYPE_TRACING, new TracingTarget(24 /* BPF_TRACE_FENTRY */, "bpf_fentry_test1"),
            PROG_TYPE_LSM, new TracingTarget(27 /* BPF_LSM_MAC */, "bpf_lsm_file_open"));
    /**
     * Where an fmod_ret program is loaded to probe for it: an LSM {@code security_*} function,
     * which the kernel lets fmod_ret programs modify whether or not it has error injection
     * (CONFIG_FUNCTION_ERROR_INJECTION, off in Debian's 6.1).
     */
    private static final TracingTarget MODIFY_RETURN_TARGET = new TracingTarget(26 /* BPF_MODIFY_RETURN */, "security_file_open");
    /** {@code r0 = 0; exit}. */
    private static final byte[] RETURN_ZERO = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    /** {@code r2 = skb->data; r3 = skb->data_end; r0 = 0; if r2 >= r3 goto +1; r0 = 1; exit}. */
    private static final byte[] SEES_THE_PACKET = {
        0x61, 0x12, 76, 0, 0, 0, 0, 0,
        0x61, 0x13, 80, 0, 0, 0, 0, 0,
        (byte) 0xb7, 0, 0, 0, 0, 0, 0, 0,
        0x3d, 0x32, 1, 0, 0, 0, 0, 0,
        (byte) 0xb7, 0, 0, 0, 1, 0, 0, 0,
        (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    /** A test run's input: a frame the size of an Ethernet and an IPv4 header, EtherType IPv4. */
    private static final int PROBE_FRAME = 34;
    private static final Map<String, Boolean> CACHE = new ConcurrentHashMap<>();
    /** The kernel's perf event sources (PMUs); {@code kprobe} and {@code uprobe} are there when built in. */
    public static final Path PMU_DEVICES = Path.of("/sys/bus/event_source/devices");
    /** The active LSMs, in order; BPF LSM programs run only where {@code bpf} is among them. */
    private static final Path ACTIVE_LSMS = Path.of("/sys/kernel/security/lsm");

    private FeatureProbes() {}

    private static boolean cached(String key, BooleanSupplier probe) {
        Boolean v = CACHE.get(key);
        if (v == null) {
            v = probe.getAsBoolean();
            CACHE.put(key, v);
        }
        return v;
    }

    /**
     * Whether programs of kernel type {@code progType} ({@code BPF_PROG_TYPE_*}) can be loaded
     * here. Tracing and LSM types are loaded for real at a function of {@link #TRACING_TARGETS}:
     * some kernels know the types yet refuse every such load (EPERM), after checking the target.
     */
    public static boolean programType(int progType) {
        return cached("prog:" + progType, () -> {
            TracingTarget target = TRACING_TARGETS.get(progType);
            if (target != null) return loadsAt(progType, target);
            LoadOutcome r = load(progType, RETURN_ZERO);
            if (r.fd >= 0) return closed(r.fd);
            return r.log.contains("attach_btf_id") || r.log.contains("Tracing programs must provide btf_id");
        });
    }

    /** Whether maps of {@code kind} can be created here. */
    public static boolean mapType(MapKind kind) {
        return cached("map:" + kind, () -> createProbeMap(kind));
    }

    /**
     * Whether a program of type {@code progType} may call helper {@code helperId}: the verifier
     * names an unknown or forbidden helper; any other complaint (about its arguments) means the
     * helper is there.
     */
    public static boolean helper(int progType, int helperId) {
        return cached("helper:" + progType + ":" + helperId, () -> {
            if (!programType(progType)) return false;
            byte[] code = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .put((byte) 0x85).put((byte) 0).putShort((short) 0).putInt(helperId)
                    .put(RETURN_ZERO).array();
            LoadOutcome r = load(progType, code);
            if (r.fd >= 0) return closed(r.fd);
            return !(r.log.contains("invalid func ") || r.log.contains("unknown func ")
                    || r.log.contains("program of this type cannot use helper "));
        });
    }

    /** Whether the kernel has BPF_LINK_CREATE (5.7+): with a bad fd it says EBADF, without the command EINVAL. */
    public static boolean linkCreate() {
        return cached("link_create", () -> {
            BpfAttr attr = new BpfAttr().u32(0, -1).u32(4, -1);
            int r = Sys.bpfRaw(BpfCommand.LINK_CREATE, attr);
            return r == -Errno.EBADF;
        });
    }

    /**
     * Whether the kernel can make links of {@code kind} (see {@link LinkKind} for how it is
     * asked); false too where it has no {@code BPF_LINK_CREATE} at all.
     */
    public static boolean link(LinkKind kind) {
        return cached("link:" + kind, () -> {
            if (!linkCreate()) return false;
            int prog = load(kind.progType, kind.attachType, RETURN_ZERO).fd;
            if (prog < 0) return false;
            try {
                // target fd / ifindex: -1 is no fd; for tcx, an ifindex the kernel does not have
                int target = kind == LinkKind.TCX ? 0 : -1;
                int r = Sys.bpfRaw(BpfCommand.LINK_CREATE, new BpfAttr().u32(0, prog).u32(4, target).u32(8, kind.attachType));
                if (r >= 0) LibC.close(r);
                return r != -Errno.EINVAL;
            } finally {
                LibC.close(prog);
            }
        });
    }

    /**
     * Whether the kernel has the dynamic probe PMU {@code name} ({@code "kprobe"}, {@code "uprobe"}),
     * without which such probes cannot be attached (CONFIG_KPROBES, CONFIG_UPROBE_EVENTS).
     */
    public static boolean probePmu(String name) {
        return Files.isDirectory(PMU_DEVICES.resolve(name));
    }

    /**
     * Whether fmod_ret programs ({@code BPF_MODIFY_RETURN}) load here: one is loaded for real at an
     * LSM {@code security_*} function. Kernels that refuse tracing loads refuse these too.
     */
    public static boolean modifyReturn() {
        return cached("fmod_ret", () -> loadsAt(PROG_TYPE_TRACING, MODIFY_RETURN_TARGET));
    }

    /**
     * Whether LSM programs load and run here: the program type loads and the BPF LSM is active
     * (CONFIG_BPF_LSM and {@code bpf} in the {@code lsm=} list).
     */
    public static boolean bpfLsm() {
        return cached("bpf_lsm", () -> {
            if (!programType(PROG_TYPE_LSM)) return false;
            try {
                return List.of(Files.readString(ACTIVE_LSMS).strip().split(",")).contains("bpf");
            } catch (IOException e) {
                return false; // no securityfs: nothing tells the hooks are live
            }
        });
    }

    /**
     * Whether BPF_PROG_TEST_RUN gives a cgroup skb program its packet. Older kernels (6.1) leave
     * its data and data_end unset in a test run, so every direct read fails there, whatever the
     * program; attached to a cgroup it sees its packets on every kernel.
     */
    public static boolean cgroupSkbTestRunSeesThePacket() {
        return cached("test-run:cgroup-skb", () -> {
            LoadOutcome program = load(PROG_TYPE_CGROUP_SKB, SEES_THE_PACKET);
            if (program.fd() < 0) return false;
            try (Fd fd = new Fd(program.fd(), "cgroup skb packet probe")) {
                Memory frame = new Memory(PROBE_FRAME);
                frame.clear();
                frame.setByte(12, (byte) 0x08);   // EtherType 0x0800, network order
                return new BpfSyscall.TestRunAttr(fd.get()).dataIn(frame, PROBE_FRAME).run("cgroup skb packet probe")
                        .retval() == 1;
            }
        });
    }

    /** Whether the kernel accepts BTF (BTF_LOAD of a one-type blob). */
    public static boolean btf() {
        return cached("btf", () -> {
            int fd = loadIntBtf();
            if (fd < 0) return false;
            LibC.close(fd);
            return true;
        });
    }

    /** An open program fd (the caller closes it), or {@code -errno} and the verifier's log. */
    private record LoadOutcome(int fd, String log) {}

    private static boolean closed(int fd) {
        LibC.close(fd);
        return true;
    }

    private static LoadOutcome load(int progType, byte[] code) {
        return load(progType, expectedAttachType(progType), code);
    }

    private static boolean loadsAt(int progType, TracingTarget target) {
        OptionalInt function;
        try {
            function = KernelBtf.vmlinux().btf().findId(target.function(), BtfKind.FUNC);
        } catch (RuntimeException e) {
            return false; // no kernel BTF: nothing to attach BTF-typed programs to
        }
        if (function.isEmpty()) return false;
        int fd = BpfSyscall.progLoad(progType, RETURN_ZERO, "GPL").name("bpf4j_probe")
                .expectedAttachType(target.attachType()).attachBtfId(function.getAsInt()).load(null, 0, 0);
        return fd >= 0 && closed(fd);
    }

    private static LoadOutcome load(int progType, int attach, byte[] code) {
        BpfSyscall.ProgLoad req = BpfSyscall.progLoad(progType, code, "GPL").name("bpf4j_probe").expectedAttachType(attach);
        int size = 64 * 1024;
        Memory log = new Memory(size);
        log.setByte(0, (byte) 0);
        int fd = req.load(log, size, 1);
        if (fd >= 0) return new LoadOutcome(fd, "");
        return new LoadOutcome(fd, log.getString(0, StandardCharsets.UTF_8.name()));
    }

    /** The expected attach type libbpf uses for the first section of this program type. */
    private static int expectedAttachType(int progType) {
        for (SectionDefs.SectionDef d : SectionDefs.all()) {
            if (d.progType() == progType) return d.expectedAttachType();
        }
        return 0;
    }

    private static boolean createProbeMap(MapKind kind) {
        int key = 4, value = 4, max = 1, flags = 0, btfKey = 0, btfValue = 0;
        Fd inner = null, btf = null;
        try {
            switch (kind) {
                case LPM_TRIE -> { key = 8; value = 8; flags = NO_PREALLOC; }
                case QUEUE, STACK, BLOOM_FILTER -> key = 0;
                case RINGBUF, USER_RINGBUF -> { key = 0; value = 0; max = MappedRegion.pageSize(); }
                case STACK_TRACE -> value = 8;
                case CGROUP_STORAGE, PERCPU_CGROUP_STORAGE -> { key = 16; value = 8; max = 0; }
                case SK_STORAGE, INODE_STORAGE, TASK_STORAGE -> {
                    int btfFd = loadIntBtf();
                    if (btfFd < 0) return false;
                    btf = new Fd(btfFd, "probe BTF");
                    flags = NO_PREALLOC;
                    max = 0;
                    btfKey = 1;
                    btfValue = 1;
                }
                case ARRAY_OF_MAPS, HASH_OF_MAPS -> {
                    int fd = BpfSyscall.mapCreate(MapKind.ARRAY.kernelType(), 4, 4, 1).createRaw();
                    if (fd < 0) return false;
                    inner = new Fd(fd, "probe inner map");
                }
                case STRUCT_OPS -> throw new IllegalArgumentException(
                        "struct_ops maps cannot be probed without a kernel struct_ops type to instantiate");
                default -> { }
            }
            BpfSyscall.MapCreate req = BpfSyscall.mapCreate(kind.kernelType(), key, value, max).flags(flags).name("bpf4j_probe");
            if (inner != null) req.innerMapFd(inner.get());
            if (btf != null) req.btf(btf.get(), btfKey, btfValue);
            int fd = req.createRaw();
            if (fd >= 0) LibC.close(fd);
            return fd >= 0;
        } finally {
            if (inner != null) inner.close();
            if (btf != null) btf.close();
        }
    }

    /** BTF with a single type, [1] int: enough for local-storage maps' key and value. */
    private static int loadIntBtf() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        return BpfSyscall.btfLoad(b.build().encode(), null, 0, 0);
    }
}
