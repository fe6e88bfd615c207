package org.bpf4j.object.isa;

/** Addressing mode of load and store opcodes (bits 5-7). */
public enum Mode {
    /** 64-bit immediate load (LD_IMM64 only). */
    IMM(0x00),
    /** Legacy packet load at a constant offset. */
    ABS(0x20),
    /** Legacy packet load at a register-relative offset. */
    IND(0x40),
    /** Plain memory access. */
    MEM(0x60),
    /** Sign-extending memory load. */
    MEMSX(0x80),
    /** Atomic read-modify-write. */
    ATOMIC(0xc0);

    private final int code;

    Mode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The mode of the opcode, or null for the unassigned codes 0xa0 and 0xe0. */
    public static Mode of(int opcode) {
        for (Mode m : values()) {
            if (m.code == (opcode & 0xe0)) {
                return m;
            }
        }
        return null;
    }
}
