package org.bpf4j.object.usdt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bpf4j.object.elf.Elf;

/**
 * The machines whose USDT argument specs we read, with their assembler syntax and where each
 * register is saved in the {@code struct pt_regs} a uprobe program gets as its context. The
 * offsets are the kernel's: {@code arch/x86/include/asm/ptrace.h} (x86-64) and
 * {@code struct user_pt_regs} of {@code arch/arm64/include/uapi/asm/ptrace.h} (arm64). Every name
 * of a register (its 32-, 16- and 8-bit views too) maps to the 8-byte slot holding it; the
 * argument's size says how many low bytes count.
 */
public enum UsdtArch {
    /** AT&amp;T syntax: {@code %reg}, {@code $imm}, {@code disp(%reg)}, {@code sym+disp(%rip)}. */
    X86_64(Elf.EM_X86_64, "rip", x86Registers()),
    /** {@code xN}/{@code wN}, {@code imm}, {@code [reg]}, {@code [reg, disp]}. */
    ARM64(Elf.EM_AARCH64, "pc", arm64Registers());

    /** The ELF machine ({@code e_machine}) whose binaries use this syntax. */
    public final int machine;
    /** The program counter's name, which symbol-relative operands are relative to. */
    public final String programCounter;
    private final Map<String, Integer> ptRegsOffsets;

    UsdtArch(int machine, String programCounter, Map<String, Integer> ptRegsOffsets) {
        this.machine = machine;
        this.programCounter = programCounter;
        this.ptRegsOffsets = Map.copyOf(ptRegsOffsets);
    }

    public static Optional<UsdtArch> ofMachine(int machine) {
        for (UsdtArch a : values()) {
            if (a.machine == machine) return Optional.of(a);
        }
        return Optional.empty();
    }

    /** The byte offset in {@code struct pt_regs} of the 8-byte slot holding {@code register}, if it is one. */
    public Optional<Integer> ptRegsOffset(String register) {
        return Optional.ofNullable(ptRegsOffsets.get(register));
    }

    private static Map<String, Integer> x86Registers() {
        Map<String, Integer> m = new HashMap<>();
        // struct pt_regs: r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx dx si di orig_ax ip cs flags sp ss
        slot(m, 0, "r15", "r15d", "r15w", "r15b");
        slot(m, 8, "r14", "r14d", "r14w", "r14b");
        slot(m, 16, "r13", "r13d", "r13w", "r13b");
        slot(m, 24, "r12", "r12d", "r12w", "r12b");
        slot(m, 32, "rbp", "ebp", "bp", "bpl");
        slot(m, 40, "rbx", "ebx", "bx", "bl");
        slot(m, 48, "r11", "r11d", "r11w", "r11b");
        slot(m, 56, "r10", "r10d", "r10w", "r10b");
        slot(m, 64, "r9", "r9d", "r9w", "r9b");
        slot(m, 72, "r8", "r8d", "r8w", "r8b");
        slot(m, 80, "rax", "eax", "ax", "al");
        slot(m, 88, "rcx", "ecx", "cx", "cl");
        slot(m, 96, "rdx", "edx", "dx", "dl");
        slot(m, 104, "rsi", "esi", "si", "sil");
        slot(m, 112, "rdi", "edi", "di", "dil");
        slot(m, 128, "rip");
        slot(m, 152, "rsp", "esp", "sp", "spl");
        return m;
    }

    private static Map<String, Integer> arm64Registers() {
        Map<String, Integer> m = new HashMap<>();
        // struct user_pt_regs: regs[31] (x0..x30), sp, pc, pstate
        for (int i = 0; i <= 30; i++) slot(m, 8 * i, "x" + i, "w" + i);
        slot(m, 248, "sp", "wsp");
        slot(m, 256, "pc");
        return m;
    }

    private static void slot(Map<String, Integer> m, int offset, String... names) {
        for (String n : names) m.put(n, offset);
    }
}
