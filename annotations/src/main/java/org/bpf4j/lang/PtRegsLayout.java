package org.bpf4j.lang;

import java.util.Locale;

/**
 * Where the calling convention's registers are in {@code struct pt_regs}, per architecture:
 * the table behind {@link PtRegs#arg(int)} and {@link PtRegs#ret()}. The compiler uses the
 * layout of the architecture it compiles for ({@link #forArch(String)} of {@code os.arch}
 * unless told otherwise).
 */
public enum PtRegsLayout {
    /** x86-64: arguments in rdi, rsi, rdx, rcx, r8, r9; return in rax. */
    X86_64(new int[] {112, 104, 96, 88, 72, 64}, 80, 128, 152, 168),
    /** arm64: arguments in x0–x7; return in x0. */
    ARM64(new int[] {0, 8, 16, 24, 32, 40, 48, 56}, 0, 256, 248, 272);

    private final int[] argOffsets;
    private final int retOffset;
    private final int ipOffset;
    private final int spOffset;
    private final int size;

    PtRegsLayout(int[] argOffsets, int retOffset, int ipOffset, int spOffset, int size) {
        this.argOffsets = argOffsets;
        this.retOffset = retOffset;
        this.ipOffset = ipOffset;
        this.spOffset = spOffset;
        this.size = size;
    }

    /** The layout for a Java {@code os.arch} value ({@code amd64}, {@code x86_64}, {@code aarch64}, {@code arm64}). */
    public static PtRegsLayout forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> ARM64;
            default -> throw new IllegalArgumentException("no pt_regs layout for architecture " + osArch
                    + " (supported: x86_64, arm64)");
        };
    }

    /** The layout of the architecture this JVM runs on. */
    public static PtRegsLayout host() {
        return forArch(System.getProperty("os.arch"));
    }

    /** Number of register arguments. */
    public int argCount() {
        return argOffsets.length;
    }

    /** Offset of argument {@code n}. */
    public int argOffset(int n) {
        if (n < 0 || n >= argOffsets.length) {
            throw new IllegalArgumentException(name() + " passes " + argOffsets.length
                    + " arguments in registers; argument " + n + " is not one of them");
        }
        return argOffsets[n];
    }

    /** Offset of the return-value register. */
    public int retOffset() {
        return retOffset;
    }

    /** Offset of the instruction pointer. */
    public int ipOffset() {
        return ipOffset;
    }

    /** Offset of the stack pointer. */
    public int spOffset() {
        return spOffset;
    }

    /** Size of the register block ({@code sizeof(bpf_user_pt_regs_t)}). */
    public int size() {
        return size;
    }
}
