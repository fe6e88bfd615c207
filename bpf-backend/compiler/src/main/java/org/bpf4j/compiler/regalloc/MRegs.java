package org.bpf4j.compiler.regalloc;

/** Machine register numbering: 0–10 are r0–r10, {@link #FIRST_VIRTUAL} and above are virtual. */
public final class MRegs {
    /** A register field the instruction does not use. */
    public static final int NONE = -1;
    public static final int FIRST_VIRTUAL = 16;
    /** r0–r9 are allocatable; r10 is the read-only frame pointer. */
    public static final int ALLOCATABLE = 10;

    private MRegs() {}

    public static boolean isPhysical(int r) { return r >= 0 && r <= 10; }

    public static boolean isVirtual(int r) { return r >= FIRST_VIRTUAL; }

    public static String name(int r) {
        if (r == NONE) return "-";
        return isPhysical(r) ? "r" + r : "v" + (r - FIRST_VIRTUAL);
    }
}
