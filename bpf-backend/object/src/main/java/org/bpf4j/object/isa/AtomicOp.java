package org.bpf4j.object.isa;

/** Operations of STX|ATOMIC instructions, carried in the immediate. */
public enum AtomicOp {
    ADD(0x00), OR(0x40), AND(0x50), XOR(0xa0),
    FETCH_ADD(0x01), FETCH_OR(0x41), FETCH_AND(0x51), FETCH_XOR(0xa1),
    /** Exchange: always fetches the old value into the source register. */
    XCHG(0xe1),
    /** Compare with R0 and exchange: the old value goes to R0. */
    CMPXCHG(0xf1),
    /** {@code dst = load_acquire(src + off)}: any size. */
    LOAD_ACQ(0x100),
    /** {@code store_release(dst + off, src)}: any size. */
    STORE_REL(0x110);

    /** The bit that makes the old memory value land in the source register. */
    public static final int FETCH = 0x01;

    private final int imm;

    AtomicOp(int imm) {
        this.imm = imm;
    }

    public int imm() {
        return imm;
    }

    public boolean fetches() {
        return (imm & FETCH) != 0;
    }

    /** True for the read-modify-write operations, which exist for W and DW only. */
    public boolean isReadModifyWrite() {
        return this != LOAD_ACQ && this != STORE_REL;
    }

    /** The operation encoded by an immediate, or null if it names none. */
    public static AtomicOp ofImm(long imm) {
        for (AtomicOp op : values()) {
            if (op.imm == imm) {
                return op;
            }
        }
        return null;
    }
}
