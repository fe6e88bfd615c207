package org.bpf4j.runtime.probe;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.btf.BtfBuilder;
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
    private static final int PROG_TYPE_TRACING = 26, PROG_TYPE_LSM = 29;
    /** {@code r0 = 0; exit}. */
    private static final byte[] RETURN_ZERO = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    private static final Map<String, Boolean> CACHE = new ConcurrentHashMap<>();

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
     * here. Tracing and LSM types are probed with a bogus attach target: a kernel that knows
     * them says so in the log; one that refuses them (EPERM) reports false.
     */
    public static boolean programType(int progType) {
        return cached("prog:" + progType, () -> {
            LoadOutcome r = load(progType, RETURN_ZERO);
            if (r.fd >= 0) return true;
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
            if (r.fd >= 0) return true;
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

    /** Whether the kernel accepts BTF (BTF_LOAD of a one-type blob). */
    public static boolean btf() {
        return cached("btf", () -> {
            int fd = loadIntBtf();
            if (fd < 0) return false;
            LibC.close(fd);
            return true;
        });
    }

    private record LoadOutcome(int fd, String log) {}

    private static LoadOutcome load(int progType, byte[] code) {
        int attach = expectedAttachType(progType);
        BpfSyscall.ProgLoad req = BpfSyscall.progLoad(progType, code, "GPL").name("bpf4j_probe").expectedAttachType(attach);
        if (progType == PROG_TYPE_TRACING || progType == PROG_TYPE_LSM) {
            req.attachBtfId(1); // a type that is not a function: supported kernels say so in the log
        }
        int size = 64 * 1024;
        Memory log = new Memory(size);
        log.setByte(0, (byte) 0);
        int fd = req.load(log, size, 1);
        if (fd >= 0) {
            LibC.close(fd);
            return new LoadOutcome(fd, "");
        }
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
