package org.bpf4j.runtime.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;

/**
 * The bpf(2) commands with their {@code union bpf_attr} layouts. Element and batch operations
 * are raw (they return {@code -errno}) because "no such key" and "end of iteration" are normal
 * outcomes there; everything else throws a {@link org.bpf4j.runtime.BpfException} on failure.
 * Offsets are those of /usr/include/linux/bpf.h.
 */
public final class BpfSyscall {
    /** Update flags of {@code BPF_MAP_UPDATE_ELEM}. */
    public static final long BPF_ANY = 0, BPF_NOEXIST = 1, BPF_EXIST = 2, BPF_F_LOCK = 4;
    /** {@code file_flags} for OBJ_GET and {@code open_flags} for GET_FD_BY_ID. */
    public static final int BPF_F_RDONLY = 1 << 3, BPF_F_WRONLY = 1 << 4;

    /** One attr per thread for batch operations; they never nest. */
    private static final ThreadLocal<BpfAttr> SCRATCH = ThreadLocal.withInitial(BpfAttr::new);

    private BpfSyscall() {}

    // ---- element operations (raw) ----
    // For keys and values already in native memory; KernelMap stages byte arrays in the
    // thread's ElementBlock instead and runs the command there.

    public static int mapLookupElem(int mapFd, Pointer key, Pointer value, long flags) {
        return elem(BpfCommand.MAP_LOOKUP_ELEM, mapFd, key, value, flags);
    }

    public static int mapUpdateElem(int mapFd, Pointer key, Pointer value, long flags) {
        return elem(BpfCommand.MAP_UPDATE_ELEM, mapFd, key, value, flags);
    }

    public static int mapDeleteElem(int mapFd, Pointer key) {
        return elem(BpfCommand.MAP_DELETE_ELEM, mapFd, key, null, 0);
    }

    public static int mapLookupAndDeleteElem(int mapFd, Pointer key, Pointer value, long flags) {
        return elem(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, mapFd, key, value, flags);
    }

    /** Writes the key after {@code key} (the first key when {@code key} is null) into {@code next}. */
    public static int mapGetNextKey(int mapFd, Pointer key, Pointer next) {
        return elem(BpfCommand.MAP_GET_NEXT_KEY, mapFd, key, next, 0);
    }

    private static int elem(BpfCommand cmd, int mapFd, Pointer key, Pointer value, long flags) {
        int r = ElementBlock.current(0, 0).run(cmd, mapFd, address(key), address(value), flags);
        Reference.reachabilityFence(key);
        Reference.reachabilityFence(value);
        return r;
    }

    /** Outcome of a batch command: elements processed, and 0 or the errno that ended it. */
    public record BatchResult(int count, int errno) {}

    /**
     * One MAP_*_BATCH command. {@code inBatch}/{@code outBatch} are the opaque position tokens
     * (null in = from the start); ENOENT in the result means the map has no more elements.
     */
    public static BatchResult mapBatch(BpfCommand cmd, int mapFd, Pointer inBatch, Pointer outBatch,
                                       Pointer keys, Pointer values, int count, long elemFlags) {
        BpfAttr a = SCRATCH.get().reset();
        a.u64(0, address(inBatch)).u64(8, address(outBatch)).u64(16, address(keys)).u64(24, address(values))
                .u32(32, count).u32(36, mapFd).u64(40, elemFlags);
        int r = Sys.bpfRaw(cmd, a);
        BatchResult result = new BatchResult(a.getU32(32), r < 0 ? -r : 0);
        Reference.reachabilityFence(inBatch);
        Reference.reachabilityFence(outBatch);
        Reference.reachabilityFence(keys);
        Reference.reachabilityFence(values);
        return result;
    }

    public static void mapFreeze(int mapFd, String subject) {
        Sys.bpf(BpfCommand.MAP_FREEZE, new BpfAttr().u32(0, mapFd), subject);
    }

    // ---- objects ----

    /** MAP_CREATE; the attr is built by {@link MapCreate}. */
    public static MapCreate mapCreate(int mapType, int keySize, int valueSize, int maxEntries) {
        return new MapCreate(mapType, keySize, valueSize, maxEntries);
    }

    /** Parameters of MAP_CREATE, set fluently, then {@link #create(String)}. */
    public static final class MapCreate {
        private final BpfAttr attr = new BpfAttr();

        private MapCreate(int mapType, int keySize, int valueSize, int maxEntries) {
            attr.u32(0, mapType).u32(4, keySize).u32(8, valueSize).u32(12, maxEntries);
        }

        public MapCreate flags(int mapFlags) { attr.u32(16, mapFlags); return this; }
        public MapCreate innerMapFd(int fd) { attr.u32(20, fd); return this; }
        public MapCreate numaNode(int node) { attr.u32(24, node); return this; }
        public MapCreate name(String name) { attr.objectName(28, name); return this; }
        public MapCreate ifindex(int ifindex) { attr.u32(44, ifindex); return this; }
        /** BTF of the object and the type ids of key and value ({@code 0} = none). */
        public MapCreate btf(int btfFd, int keyTypeId, int valueTypeId) {
            attr.u32(48, btfFd).u32(52, keyTypeId).u32(56, valueTypeId);
            return this;
        }
        public MapCreate btfVmlinuxValueTypeId(int id) { attr.u32(60, id); return this; }
        public MapCreate mapExtra(long extra) { attr.u64(64, extra); return this; }

        /** Creates the map; {@code subject} names it in errors and in the returned {@link Fd}. */
        public Fd create(String subject) {
            return new Fd(Sys.bpf(BpfCommand.MAP_CREATE, attr, subject), subject);
        }

        /** Creates the map, returning the fd or {@code -errno} (for probes and retries). */
        public int createRaw() {
            return Sys.bpfRaw(BpfCommand.MAP_CREATE, attr);
        }
    }

    /** PROG_LOAD; the attr is built by {@link ProgLoad}. */
    public static ProgLoad progLoad(int progType, byte[] insns, String license) {
        return new ProgLoad(progType, insns, license);
    }

    /** Parameters of PROG_LOAD, set fluently, then {@link #load(Memory, int, int)}. */
    public static final class ProgLoad {
        private final BpfAttr attr = new BpfAttr();

        private ProgLoad(int progType, byte[] insns, String license) {
            if (insns.length == 0 || insns.length % 8 != 0) {
                throw new IllegalArgumentException("program code must be a non-empty multiple of 8 bytes, got "
                        + insns.length);
            }
            attr.u32(0, progType).u32(4, insns.length / 8).bytes(8, insns).string(16, license);
        }

        public ProgLoad flags(int progFlags) { attr.u32(44, progFlags); return this; }
        public ProgLoad name(String name) { attr.objectName(48, name); return this; }
        public ProgLoad ifindex(int ifindex) { attr.u32(64, ifindex); return this; }
        public ProgLoad expectedAttachType(int type) { attr.u32(68, type); return this; }
        public ProgLoad btfFd(int fd) { attr.u32(72, fd); return this; }
        /** {@code .BTF.ext} func_info records (each {@code recSize} bytes), already resolved. */
        public ProgLoad funcInfo(byte[] records, int recSize) {
            if (records.length == 0) return this;
            attr.u32(76, recSize).bytes(80, records).u32(88, records.length / recSize);
            return this;
        }
        /** {@code .BTF.ext} line_info records (each {@code recSize} bytes), already resolved. */
        public ProgLoad lineInfo(byte[] records, int recSize) {
            if (records.length == 0) return this;
            attr.u32(92, recSize).bytes(96, records).u32(104, records.length / recSize);
            return this;
        }
        public ProgLoad attachBtfId(int id) { attr.u32(108, id); return this; }
        /** The program (fd) an fentry/fexit/freplace attaches to, or a module BTF fd. */
        public ProgLoad attachProgFd(int fd) { attr.u32(112, fd); return this; }

        /**
         * Loads. {@code log} may be null (no log); otherwise the verifier writes up to
         * {@code logSize} bytes at level {@code logLevel} (1 = instructions, 2 = states, 4 = stats).
         * Returns the program fd or {@code -errno}.
         */
        public int load(Memory log, int logSize, int logLevel) {
            if (log != null) fits(log, logSize, "log_buf");
            attr.u32(24, log == null ? 0 : logLevel).u32(28, log == null ? 0 : logSize).pointer(32, log);
            return Sys.bpfRaw(BpfCommand.PROG_LOAD, attr);
        }
    }

    /** BTF_LOAD: returns the BTF fd or {@code -errno}; {@code log} may be null. */
    public static int btfLoad(byte[] btf, Memory log, int logSize, int logLevel) {
        if (log != null) fits(log, logSize, "btf_log_buf");
        BpfAttr a = new BpfAttr().bytes(0, btf).u32(16, btf.length);
        if (log != null) a.pointer(8, log).u32(20, logSize).u32(24, logLevel);
        return Sys.bpfRaw(BpfCommand.BTF_LOAD, a);
    }

    public static void objPin(int fd, String path, String subject) {
        Sys.bpf(BpfCommand.OBJ_PIN, new BpfAttr().string(0, path).u32(8, fd),
                subject + " at " + path + BpfFs.adviceFor(path));
    }

    /** Opens the object pinned at {@code path} (bpffs). */
    public static Fd objGet(String path, int fileFlags) {
        String subject = "pinned object " + path;
        return new Fd(Sys.bpf(BpfCommand.OBJ_GET, new BpfAttr().string(0, path).u32(12, fileFlags), subject), subject);
    }

    /** PROG/MAP/LINK/BTF_GET_FD_BY_ID. */
    public static Fd getFdById(BpfCommand cmd, int id) {
        String subject = cmd.name().substring(0, cmd.name().indexOf('_')).toLowerCase() + " id " + id;
        return new Fd(Sys.bpf(cmd, new BpfAttr().u32(0, id), subject), subject);
    }

    /**
     * OBJ_GET_INFO_BY_FD: the kernel fills {@code info} (a {@code bpf_prog_info},
     * {@code bpf_map_info}, {@code bpf_link_info} or {@code bpf_btf_info}) up to {@code infoLen}
     * bytes; returns the length the kernel wrote.
     */
    public static int objGetInfoByFd(int fd, Memory info, int infoLen, String subject) {
        fits(info, infoLen, "info");
        BpfAttr a = new BpfAttr().u32(0, fd).u32(4, infoLen).pointer(8, info);
        Sys.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a, subject);
        return a.getU32(4);
    }

    /** BPF_PROG_ATTACH (cgroup, sockmap, flow dissector, …). */
    public static void progAttach(int targetFd, int progFd, int attachType, int attachFlags, int replaceFd,
                                  String subject) {
        Sys.bpf(BpfCommand.PROG_ATTACH, new BpfAttr().u32(0, targetFd).u32(4, progFd).u32(8, attachType)
                .u32(12, attachFlags).u32(16, replaceFd), subject);
    }

    public static void progDetach(int targetFd, int progFd, int attachType, String subject) {
        Sys.bpf(BpfCommand.PROG_DETACH, new BpfAttr().u32(0, targetFd).u32(4, progFd).u32(8, attachType), subject);
    }

    /**
     * LINK_CREATE with the common fields; {@code extra} (may be null) writes the per-attach-kind
     * union that starts at offset 16 of {@code link_create}.
     */
    public static Fd linkCreate(int progFd, int targetFdOrIfindex, int attachType, int flags,
                                java.util.function.Consumer<BpfAttr> extra, String subject) {
        BpfAttr a = new BpfAttr().u32(0, progFd).u32(4, targetFdOrIfindex).u32(8, attachType).u32(12, flags);
        if (extra != null) extra.accept(a);
        return new Fd(Sys.bpf(BpfCommand.LINK_CREATE, a, subject), subject);
    }

    public static void linkDetach(int linkFd, String subject) {
        Sys.bpf(BpfCommand.LINK_DETACH, new BpfAttr().u32(0, linkFd), subject);
    }

    /** RAW_TRACEPOINT_OPEN: attaches {@code progFd} to raw tracepoint {@code name}; returns the link fd. */
    public static Fd rawTracepointOpen(String name, int progFd) {
        String subject = "raw tracepoint '" + name + "'";
        BpfAttr a = new BpfAttr().u32(8, progFd);
        if (name != null) a.string(0, name);
        return new Fd(Sys.bpf(BpfCommand.RAW_TRACEPOINT_OPEN, a, subject), subject);
    }

    /** Parameters and results of BPF_PROG_TEST_RUN. */
    public static final class TestRunAttr {
        private final BpfAttr attr = new BpfAttr();

        public TestRunAttr(int progFd) { attr.u32(0, progFd); }

        public TestRunAttr dataIn(Memory data, int size) { attr.pointer(16, data).u32(8, size); return this; }
        /** The output packet buffer; the kernel reads a capacity of 0 as unlimited, so it must be positive. */
        public TestRunAttr dataOut(Memory data, int capacity) {
            attr.pointer(24, fits(data, capacity, "data_out")).u32(12, capacity);
            return this;
        }
        public TestRunAttr ctxIn(Memory ctx, int size) { attr.pointer(48, ctx).u32(40, size); return this; }
        public TestRunAttr ctxOut(Memory ctx, int capacity) {
            attr.pointer(56, fits(ctx, capacity, "ctx_out")).u32(44, capacity);
            return this;
        }
        public TestRunAttr repeat(int repeat) { attr.u32(32, repeat); return this; }
        public TestRunAttr flags(int flags) { attr.u32(64, flags); return this; }
        public TestRunAttr cpu(int cpu) { attr.u32(68, cpu); return this; }
        public TestRunAttr batchSize(int size) { attr.u32(72, size); return this; }

        /** Runs; throws on failure. */
        public TestRunAttr run(String subject) {
            Sys.bpf(BpfCommand.PROG_TEST_RUN, attr, subject);
            return this;
        }

        public int retval() { return attr.getU32(4); }
        public int dataSizeOut() { return attr.getU32(12); }
        /** Mean run time per repetition in nanoseconds, as the kernel measured it. */
        public int durationNs() { return attr.getU32(36); }
        public int ctxSizeOut() { return attr.getU32(44); }
    }

    /**
     * {@code buffer}, checked to hold the {@code size} bytes the kernel may write to it; a size
     * of 0 is refused because some commands read it as "no limit".
     */
    private static Memory fits(Memory buffer, int size, String field) {
        if (buffer == null || size <= 0 || size > buffer.size()) {
            throw new IllegalArgumentException(field + ": " + size + " bytes do not fit a buffer of "
                    + (buffer == null ? "none" : buffer.size() + " bytes"));
        }
        return buffer;
    }

    private static long address(Pointer p) {
        return p == null ? 0 : Pointer.nativeValue(p);
    }
}
