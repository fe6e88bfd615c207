package org.bpf4j.object.usdt;

/**
 * One argument of a USDT probe site, as its spec says where to find it when the probe fires.
 *
 * @param size     the value's width in bytes: 1, 2, 4 or 8
 * @param signed   whether the value is sign-extended to 64 bits (a negative size in the spec)
 * @param kind     where the value is
 * @param register the register (as the spec names it, {@code esi}, {@code w1}); null for a constant
 * @param ptRegsOffset the byte offset of that register's slot in {@code struct pt_regs}; -1 for a constant
 * @param value    the constant ({@link Kind#CONSTANT}) or the displacement added to the register
 *                 ({@link Kind#MEMORY}); 0 for {@link Kind#REGISTER}
 * @param symbol   for a PC-relative operand as parsed ({@code v_u32(%rip)}), the symbol its address
 *                 is relative to; null once resolved ({@link UsdtNotes} folds it into {@code value})
 */
public record UsdtArgument(int size, boolean signed, Kind kind, String register, int ptRegsOffset, long value,
                           String symbol) {

    /** Where an argument's value is. The numbers are those of the spec map ({@link UsdtSpecLayout}). */
    public enum Kind {
        /** the value itself is in the spec */
        CONSTANT(0),
        /** the value is in a register */
        REGISTER(1),
        /** the value is in user memory at register + displacement */
        MEMORY(2);

        public final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    public static UsdtArgument constant(int size, boolean signed, long value) {
        return new UsdtArgument(size, signed, Kind.CONSTANT, null, -1, value, null);
    }

    public static UsdtArgument register(int size, boolean signed, String register, int ptRegsOffset) {
        return new UsdtArgument(size, signed, Kind.REGISTER, register, ptRegsOffset, 0, null);
    }

    public static UsdtArgument memory(int size, boolean signed, String register, int ptRegsOffset, long displacement) {
        return new UsdtArgument(size, signed, Kind.MEMORY, register, ptRegsOffset, displacement, null);
    }

    /** Whether the displacement is still relative to a symbol, not yet to the probe's address. */
    public boolean isSymbolic() {
        return symbol != null;
    }
}
