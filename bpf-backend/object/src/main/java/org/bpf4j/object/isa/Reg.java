package org.bpf4j.object.isa;

/** The eleven eBPF registers. R0 holds return values, R1-R5 arguments, R6-R9 are callee-saved. */
public final class Reg {
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int R2 = 2;
    public static final int R3 = 3;
    public static final int R4 = 4;
    public static final int R5 = 5;
    public static final int R6 = 6;
    public static final int R7 = 7;
    public static final int R8 = 8;
    public static final int R9 = 9;
    /** The read-only frame pointer. */
    public static final int R10 = 10;
    public static final int FP = R10;
    /** Number of registers. */
    public static final int COUNT = 11;

    private Reg() {
    }

    public static boolean isValid(int reg) {
        return reg >= 0 && reg < COUNT;
    }

    /** Throws when {@code reg} is not one of R0..R10; {@code role} names it in the message. */
    public static int check(int reg, String role) {
        if (!isValid(reg)) {
            throw new IllegalArgumentException(role + " register r" + reg + " does not exist (r0..r10)");
        }
        return reg;
    }
}
