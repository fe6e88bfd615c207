package org.bpf4j.object.isa;

import java.util.function.Predicate;

/**
 * The instruction forms that need more than {@link IsaLevel#V1}, with the level that adds them:
 * the one table of these facts, after LLVM's and GCC's {@code -mcpu} definitions and the kernel
 * releases that accepted them. Forms the kernel added without a level (may_goto,
 * addr_space_cast) are left to the verifier.
 */
public enum IsaForm {
    LESS_THAN_JUMPS(IsaLevel.V2, "jump on <, <=, s< or s<=",
            i -> i.cls() == InsnClass.JMP && i.isConditionalJump() && isLessThan(i.jmpOp())),
    JMP32(IsaLevel.V3, "32-bit conditional jump (JMP32 class)",
            i -> i.cls() == InsnClass.JMP32 && i.isConditionalJump()),
    /** The kernel accepted ALU32 ARSH from 5.0 on; compilers emit it with alu32, at v3. */
    ALU32_ARSH(IsaLevel.V3, "32-bit arithmetic shift right",
            i -> i.cls() == InsnClass.ALU && i.aluOp() == AluOp.ARSH),
    /** GCC's "v3 atomics", LLVM's alike; the kernel has them from 5.12 on. */
    ATOMICS_BEYOND_ADD(IsaLevel.V3, "atomic operation other than add (fetch, xchg, cmpxchg, and, or, xor)",
            i -> i.isAtomic() && i.atomicOp().isReadModifyWrite() && i.atomicOp() != AtomicOp.ADD),
    SIGNED_DIVISION(IsaLevel.V4, "signed division or remainder (sdiv, smod)",
            i -> i.aluOp() == AluOp.SDIV || i.aluOp() == AluOp.SMOD),
    SIGN_EXTENDING_MOVE(IsaLevel.V4, "sign-extending move (movsx)", Insn::isMovsx),
    SIGN_EXTENDING_LOAD(IsaLevel.V4, "sign-extending load (ldsx)", i -> i.isLoad() && i.mode() == Mode.MEMSX),
    BYTE_SWAP(IsaLevel.V4, "unconditional byte swap (bswap)", i -> i.isAlu64() && i.aluOp() == AluOp.END),
    LONG_JUMP(IsaLevel.V4, "jump with a 32-bit offset (gotol)", i -> i.format() == InsnFormat.GOTOL),
    /** LLVM emits them at v4 only; the kernel has them from 6.15 on. */
    ACQUIRE_RELEASE(IsaLevel.V4, "load-acquire or store-release",
            i -> i.isAtomic() && !i.atomicOp().isReadModifyWrite());

    private final IsaLevel level;
    private final String description;
    private final Predicate<Insn> uses;

    IsaForm(IsaLevel level, String description, Predicate<Insn> uses) {
        this.level = level;
        this.description = description;
        this.uses = uses;
    }

    public IsaLevel level() {
        return level;
    }

    public String description() {
        return description;
    }

    /** The form of {@code insn} that needs the highest level, or null for a base (v1) instruction. */
    public static IsaForm of(Insn insn) {
        IsaForm highest = null;
        for (IsaForm f : values()) {
            if (f.uses.test(insn) && (highest == null || f.level.compareTo(highest.level) > 0)) highest = f;
        }
        return highest;
    }

    private static boolean isLessThan(JmpOp op) {
        return op == JmpOp.JLT || op == JmpOp.JLE || op == JmpOp.JSLT || op == JmpOp.JSLE;
    }
}
