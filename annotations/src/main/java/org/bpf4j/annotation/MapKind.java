package org.bpf4j.annotation;

/** Kernel map types ({@code enum bpf_map_type} in {@code linux/bpf.h}) with their numbers. */
public enum MapKind {
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    CGROUP_ARRAY(8),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    LPM_TRIE(11),
    ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13),
    DEVMAP(14),
    SOCKMAP(15),
    CPUMAP(16),
    XSKMAP(17),
    SOCKHASH(18),
    CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20),
    PERCPU_CGROUP_STORAGE(21),
    QUEUE(22),
    STACK(23),
    SK_STORAGE(24),
    DEVMAP_HASH(25),
    STRUCT_OPS(26),
    RINGBUF(27),
    INODE_STORAGE(28),
    TASK_STORAGE(29),
    BLOOM_FILTER(30),
    USER_RINGBUF(31);

    private final int kernelType;

    MapKind(int kernelType) {
        this.kernelType = kernelType;
    }

    /** The {@code BPF_MAP_TYPE_*} number. */
    public int kernelType() {
        return kernelType;
    }

    /** Whether values are stored once per possible CPU (user space sees all copies). */
    public boolean perCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH
                || this == PERCPU_CGROUP_STORAGE;
    }

    /** The kind with that {@code BPF_MAP_TYPE_*} number. */
    public static MapKind ofKernelType(int kernelType) {
        for (MapKind kind : values()) {
            if (kind.kernelType == kernelType) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown BPF map type " + kernelType);
    }
}
