package org.bpf4j.object.isa;

/** Meaning of the source field of a LD_IMM64 instruction (the kernel's BPF_PSEUDO_* values). */
public enum PseudoSrc {
    /** A plain 64-bit constant. */
    PLAIN(0),
    /** imm = map fd; loads the map pointer. */
    MAP_FD(1),
    /** imm low = map fd, imm high = offset; loads a pointer into the map's value. */
    MAP_VALUE(2),
    /** imm = BTF id of a kernel variable. */
    BTF_ID(3),
    /** imm = pc-relative slot offset of a BPF function; loads its address. */
    FUNC(4),
    /** imm = index into the fd array passed with the program. */
    MAP_IDX(5),
    /** imm low = fd array index, imm high = offset into the map value. */
    MAP_IDX_VALUE(6);

    private final int code;

    PseudoSrc(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True when the immediate holds two 32-bit fields (map reference, value offset). */
    public boolean hasValueOffset() {
        return this == MAP_VALUE || this == MAP_IDX_VALUE;
    }

    public static PseudoSrc of(int src) {
        for (PseudoSrc p : values()) {
            if (p.code == src) {
                return p;
            }
        }
        throw new IllegalArgumentException("LD_IMM64 source " + src + " is no pseudo source (0..6)");
    }
}
