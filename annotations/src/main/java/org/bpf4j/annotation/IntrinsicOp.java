package org.bpf4j.annotation;

/**
 * What a call to an {@link Intrinsic} method compiles to. The receiver is a map field
 * ({@code @BpfMap}), the program's context parameter, or a header view. Each constant's
 * comment is the contract the compiler implements and the JVM body follows.
 */
public enum IntrinsicOp {
    /**
     * {@code V get(K key)}: {@code bpf_map_lookup_elem(&map, &key)}. {@code null} when absent.
     * A struct or array value is the map value itself (writes through it change the map); a
     * boxed value is loaded from the returned pointer after the null check. On per-CPU maps:
     * this CPU's value.
     */
    MAP_LOOKUP,
    /** {@code boolean containsKey(K key)}: lookup, result compared with {@code NULL}. */
    MAP_CONTAINS,
    /**
     * {@code boolean put(K key, V value[, UpdateFlag flag])}:
     * {@code bpf_map_update_elem(&map, &key, &value, flag)} ({@code BPF_ANY} when omitted);
     * {@code true} when the helper returned 0.
     */
    MAP_UPDATE,
    /** {@code boolean remove(K key)}: {@code bpf_map_delete_elem(&map, &key) == 0}. */
    MAP_DELETE,
    /**
     * {@code boolean addIfPresent(K key, long delta)}, {@code incrementIfPresent(K key)} (delta
     * 1), and on arrays {@code add(int index, long delta)}, {@code increment(int index)}:
     * lookup; when found, an atomic add ({@code BPF_ATOMIC | BPF_ADD}, 32 or 64 bits after the
     * value type; a plain add on per-CPU maps) of the delta to the value; returns whether found.
     */
    MAP_ADD,
    /**
     * {@code T reserve()} on a ring buffer: {@code bpf_ringbuf_reserve(&map, sizeof(T), 0)};
     * {@code null} when the buffer is full. The record must be submitted or discarded on every
     * path (the verifier insists).
     */
    RINGBUF_RESERVE,
    /** {@code void submit(T record)}: {@code bpf_ringbuf_submit(record, 0)}. */
    RINGBUF_SUBMIT,
    /** {@code void discard(T record)}: {@code bpf_ringbuf_discard(record, 0)}. */
    RINGBUF_DISCARD,
    /**
     * {@code boolean output(T record)} on a ring buffer:
     * {@code bpf_ringbuf_output(&map, &record, sizeof(T), 0) == 0} (copies a stack record).
     */
    RINGBUF_OUTPUT,
    /**
     * {@code boolean output(BpfContext ctx, T record)} on a perf event array:
     * {@code bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, &record, sizeof(T)) == 0}.
     */
    PERF_OUTPUT,
    /**
     * {@code void tailCall(BpfContext ctx, int index)} on a program array:
     * {@code bpf_tail_call(ctx, &map, index)}; returns only when there is no program there.
     */
    TAIL_CALL,
    /**
     * {@code <T> T header(int offset, Class<T> type)} on a packet context: the pointer
     * {@code data + offset} viewed as the {@code @BpfStruct} {@code T} (a class literal), or
     * {@code null} when {@code data + offset + sizeof(T) > data_end}. Field reads and writes
     * through it are packet loads and stores. For program types without
     * {@link ProgramType#directPacketAccess()} (socket filters) the header is instead a stack
     * copy made with {@code bpf_skb_load_bytes} ({@code null} when that fails) and writing its
     * fields is a compile error; the raw loads below likewise use the helper there.
     */
    PACKET_HEADER,
    /** {@code int length()} on a packet context: {@code data_end - data}. */
    PACKET_LENGTH,
    /** {@code int u8(int offset)}: the packet byte at offset, or -1 beyond the end. */
    PACKET_LOAD_U8,
    /** {@code int u16(int offset)}: big-endian u16 at offset as host value, or -1 beyond the end. */
    PACKET_LOAD_U16,
    /** {@code long u32(int offset)}: big-endian u32 at offset as unsigned host value, or -1. */
    PACKET_LOAD_U32,
    /** {@code boolean storeU8(int offset, int value)}: stores the low byte; false beyond the end. */
    PACKET_STORE_U8,
    /** {@code boolean storeU16(int offset, int value)}: stores big-endian; false beyond the end. */
    PACKET_STORE_U16,
    /** {@code boolean storeU32(int offset, int value)}: stores big-endian; false beyond the end. */
    PACKET_STORE_U32,
    /** {@code int u8(int offset)} on a raw record context: load at a constant offset. */
    CTX_LOAD_U8,
    /** {@code int u16(int offset)}: host-order u16 at a constant offset, zero-extended. */
    CTX_LOAD_U16,
    /** {@code long u32(int offset)}: host-order u32 at a constant offset, zero-extended. */
    CTX_LOAD_U32,
    /** {@code long u64(int offset)}: host-order 64 bits at a constant offset. */
    CTX_LOAD_U64,
    /**
     * {@code <T> T record(Class<T> type)} on a tracepoint context: the context pointer viewed as
     * the {@code @BpfStruct} {@code T} (the tracepoint's format), read-only.
     */
    CTX_RECORD,
    /**
     * {@code long arg(int n)}, n a constant: the n-th argument. Raw tracepoint and tracing
     * (fentry/fexit/LSM) contexts: the u64 at {@code 8 * n}; {@code PtRegs}: the register slot
     * given by {@code PtRegsLayout} for the target architecture.
     */
    CTX_ARG,
    /** {@code long ret()} on {@code PtRegs}: the return-value register (kretprobe/uretprobe). */
    CTX_RET,
    /**
     * {@code long arg(int i)} on a {@code UsdtContext}: argument {@code i} of the firing probe
     * site, sign- or zero-extended from its size, 0 when the site has no such argument. The
     * compiler reads the site's spec from the {@code usdt_specs} map at index
     * {@code bpf_get_attach_cookie(ctx)} and decodes it (constant, register, memory at register +
     * displacement; docs/USDT.md).
     */
    USDT_ARG,
    /** {@code int argCount()} on a {@code UsdtContext}: the firing site's argument count, 0 without a spec. */
    USDT_ARG_COUNT,
    /** {@code long cookie()} on a {@code UsdtContext}: the cookie the attacher gave the probe, 0 without a spec. */
    USDT_COOKIE,
    /**
     * {@code <T> T currentTask(Class<T> type)}, T a {@code @KernelStruct("task_struct")}:
     * {@code bpf_get_current_task_btf()} in BTF-typed programs, {@code bpf_get_current_task()}
     * elsewhere.
     */
    CORE_CURRENT_TASK,
    /**
     * {@code <T> T view(long address, Class<T> type)}, T a {@code @KernelStruct}: the kernel
     * memory at {@code address} as that struct, as C's cast; read with {@code bpf_probe_read_kernel}.
     */
    CORE_VIEW,
    /** {@code boolean fieldExists(member read)}: a CO-RE field-exists relocation; the member is not read. */
    CORE_FIELD_EXISTS,
    /** {@code int fieldSize(member read)}: a CO-RE field-size relocation; the member is not read. */
    CORE_FIELD_SIZE,
    /** {@code boolean typeExists(Class<?> kernelStruct)}: a CO-RE type-exists relocation. */
    CORE_TYPE_EXISTS,
    /** {@code int typeSize(Class<?> kernelStruct)}: a CO-RE type-size relocation. */
    CORE_TYPE_SIZE,
    /**
     * {@code int readString(byte[] dst, byte[] kernelChars)}: {@code bpf_probe_read_kernel_str}
     * of a {@code char[]} member into {@code dst} (at most {@code dst.length} bytes, always
     * NUL-terminated); the length with the NUL, or a negative error.
     */
    CORE_READ_STRING,
    /** {@code long enumValue(E enumerator)}, E a {@code @KernelEnum}: a CO-RE enum-value relocation. */
    CORE_ENUM_VALUE,
    /** {@code boolean enumValueExists(E enumerator)}: a CO-RE enum-value-exists relocation. */
    CORE_ENUM_VALUE_EXISTS,
    /**
     * {@code Atomics.add(target, fieldOrIndex, value)}: {@code BPF_ATOMIC | BPF_ADD} (lock add) on
     * the {@code int} or {@code long} member or array element, 32 or 64 bits after its type. The
     * target is a {@code @BpfStruct} with a constant member name, or an {@code int[]}/{@code long[]}
     * with an index, in memory the verifier lets atomics write: a map value, a global array, a
     * ring-buffer record or the stack at constant offsets (not the context, not a packet).
     */
    ATOMIC_ADD,
    /** {@code Atomics.and(...)}: {@code BPF_ATOMIC | BPF_AND}, as {@link #ATOMIC_ADD}; ISA v3. */
    ATOMIC_AND,
    /** {@code Atomics.or(...)}: {@code BPF_ATOMIC | BPF_OR}, as {@link #ATOMIC_ADD}; ISA v3. */
    ATOMIC_OR,
    /** {@code Atomics.xor(...)}: {@code BPF_ATOMIC | BPF_XOR}, as {@link #ATOMIC_ADD}; ISA v3. */
    ATOMIC_XOR,
    /** {@code Atomics.getAndAdd(...)}: {@code BPF_ADD | BPF_FETCH}, returns the old value; ISA v3. */
    ATOMIC_FETCH_ADD,
    /** {@code Atomics.getAndAnd(...)}: {@code BPF_AND | BPF_FETCH}, returns the old value; ISA v3. */
    ATOMIC_FETCH_AND,
    /** {@code Atomics.getAndOr(...)}: {@code BPF_OR | BPF_FETCH}, returns the old value; ISA v3. */
    ATOMIC_FETCH_OR,
    /** {@code Atomics.getAndXor(...)}: {@code BPF_XOR | BPF_FETCH}, returns the old value; ISA v3. */
    ATOMIC_FETCH_XOR,
    /** {@code Atomics.getAndSet(...)}: {@code BPF_XCHG}, returns the old value; ISA v3. */
    ATOMIC_XCHG,
    /**
     * {@code Atomics.compareAndExchange(target, fieldOrIndex, expected, newValue)}:
     * {@code BPF_CMPXCHG} (expected in r0), returns the old value, which equals {@code expected}
     * when the exchange happened; ISA v3.
     */
    ATOMIC_CMPXCHG
}
