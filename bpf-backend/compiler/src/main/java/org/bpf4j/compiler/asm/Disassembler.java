package org.bpf4j.compiler.asm;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Mode;
import org.bpf4j.object.isa.Width;

/**
 * Prints instructions in the syntax of {@code llvm-objdump -d}. Branch target annotations
 * ({@code <LBB0_3>}) are never printed: they depend on ELF symbols, not on the instruction.
 *
 * <p>{@link Syntax#LLVM_14} is what Debian 12's llvm-objdump prints for the code clang 14
 * produces: decimal numbers and r registers for 32-bit loads and stores. LLVM 14 cannot decode
 * some instructions (JSET, MOD, ST, cpu v4, may_goto, load_acquire/store_release,
 * addr_space_cast) and prints others without their signedness or fetch flag (SDIV, MOVSX,
 * 32-bit fetching atomics); for those this syntax uses the form of current LLVM with decimal
 * numbers, so every instruction says what it does.
 *
 * <p>{@link Syntax#LLVM_22} is what llvm-objdump 22 prints by default: hexadecimal numbers and
 * w registers for the 32-bit operands of loads, stores and atomics.
 */
public final class Disassembler {

    public enum Syntax { LLVM_14, LLVM_22 }

    private static final Map<AluOp, String> ALU_OPERATORS = Map.ofEntries(
            Map.entry(AluOp.ADD, "+="), Map.entry(AluOp.SUB, "-="), Map.entry(AluOp.MUL, "*="),
            Map.entry(AluOp.DIV, "/="), Map.entry(AluOp.SDIV, "s/="), Map.entry(AluOp.OR, "|="),
            Map.entry(AluOp.AND, "&="), Map.entry(AluOp.LSH, "<<="), Map.entry(AluOp.RSH, ">>="),
            Map.entry(AluOp.MOD, "%="), Map.entry(AluOp.SMOD, "s%="), Map.entry(AluOp.XOR, "^="),
            Map.entry(AluOp.MOV, "="), Map.entry(AluOp.ARSH, "s>>="));

    private static final Map<JmpOp, String> CONDITIONS = Map.ofEntries(
            Map.entry(JmpOp.JEQ, "=="), Map.entry(JmpOp.JGT, ">"), Map.entry(JmpOp.JGE, ">="),
            Map.entry(JmpOp.JSET, "&"), Map.entry(JmpOp.JNE, "!="), Map.entry(JmpOp.JSGT, "s>"),
            Map.entry(JmpOp.JSGE, "s>="), Map.entry(JmpOp.JLT, "<"), Map.entry(JmpOp.JLE, "<="),
            Map.entry(JmpOp.JSLT, "s<"), Map.entry(JmpOp.JSLE, "s<="));

    private static final Map<AtomicOp, String> LOCK_OPERATORS = Map.of(
            AtomicOp.ADD, "+=", AtomicOp.OR, "|=", AtomicOp.AND, "&=", AtomicOp.XOR, "^=");

    private final Syntax syntax;

    /** A disassembler for the LLVM 14 syntax of this machine's llvm-objdump. */
    public Disassembler() {
        this(Syntax.LLVM_14);
    }

    public Disassembler(Syntax syntax) {
        if (syntax == null) {
            throw new IllegalArgumentException("syntax is null");
        }
        this.syntax = syntax;
    }

    /**
     * An objdump-style listing without labels: per instruction the slot index right-aligned in
     * eight columns, a colon, a tab, the instruction bytes in hex, a tab and the text.
     */
    public String listing(List<Insn> insns) {
        StringBuilder out = new StringBuilder();
        int slot = 0;
        for (Insn insn : insns) {
            out.append(String.format("%8d:\t", slot));
            byte[] bytes = Insn.encode(List.of(insn));
            for (int i = 0; i < bytes.length; i++) {
                out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
            }
            out.append('\t').append(format(insn)).append('\n');
            slot += insn.slots();
        }
        return out.toString();
    }

    /** The text of one instruction. */
    public String format(Insn insn) {
        return switch (insn.format()) {
            case ALU_IMM, ALU_REG -> alu(insn);
            case NEG -> {
                String d = aluReg(insn, insn.dst());
                yield d + " = -" + d;
            }
            case END -> {
                String d = "r" + insn.dst();
                String kind = insn.cls() == InsnClass.ALU64 ? "bswap" : (insn.opcode() & 0x08) != 0 ? "be" : "le";
                yield d + " = " + kind + insn.imm() + " " + d;
            }
            case JA -> "goto " + signed(insn.offset());
            case GOTOL -> "gotol " + signed(insn.imm());
            case JMP_IMM, JMP_REG -> conditional(insn);
            case MAY_GOTO -> "may_goto " + signed(insn.offset());
            case CALL -> "call " + number(insn.imm());
            case EXIT -> "exit";
            case LD_IMM64 -> insn.src() == 0
                    ? "r" + insn.dst() + " = " + number(insn.imm()) + " ll"
                    : "ld_pseudo\tr" + insn.dst() + ", " + number(insn.src()) + ", " + number(insn.imm32());
            case LD_ABS -> "r0 = *(" + unsigned(insn.size()) + " *)skb[" + number(insn.imm()) + "]";
            case LD_IND -> "r0 = *(" + unsigned(insn.size()) + " *)skb[r" + insn.src() + "]";
            case LOAD -> load(insn);
            case STORE_IMM -> "*(" + unsigned(insn.size()) + " *)" + address(insn.dst(), insn.offset()) + " = " + number(insn.imm());
            case STORE_REG -> "*(" + unsigned(insn.size()) + " *)" + address(insn.dst(), insn.offset())
                    + " = " + memReg(insn.size(), insn.src());
            case ATOMIC -> atomic(insn);
        };
    }

    private String alu(Insn insn) {
        String d = aluReg(insn, insn.dst());
        if (insn.isMovsx()) {
            return d + " = (s" + insn.offset() + ")" + aluReg(insn, insn.src());
        }
        if (insn.isAddrSpaceCast()) {
            return d + " = addr_space_cast(r" + insn.src() + ", " + number(insn.imm() >>> 16) + ", "
                    + number(insn.imm() & 0xffff) + ")";
        }
        String operand = insn.format() == InsnFormat.ALU_REG
                ? aluReg(insn, insn.src()) : number(insn.imm());
        return d + " " + ALU_OPERATORS.get(insn.aluOp()) + " " + operand;
    }

    private static String aluReg(Insn insn, int reg) {
        return (insn.isAlu64() ? "r" : "w") + reg;
    }

    private String conditional(Insn insn) {
        String prefix = insn.cls() == InsnClass.JMP32 ? "w" : "r";
        String operand = insn.format() == InsnFormat.JMP_REG
                ? prefix + insn.src() : number(insn.imm());
        return "if " + prefix + insn.dst() + " " + CONDITIONS.get(insn.jmpOp()) + " " + operand
                + " goto " + signed(insn.offset());
    }

    private String load(Insn insn) {
        Width size = insn.size();
        if (insn.mode() == Mode.MEMSX) {
            return "r" + insn.dst() + " = *(s" + size.bits() + " *)" + address(insn.src(), insn.offset());
        }
        return memReg(size, insn.dst()) + " = *(" + unsigned(size) + " *)" + address(insn.src(), insn.offset());
    }

    private String atomic(Insn insn) {
        AtomicOp op = insn.atomicOp();
        boolean wide = insn.size() == Width.DW;
        String type = unsigned(insn.size());
        String base = baseOffset(insn.dst(), insn.offset());
        String addr = "(" + base + ")";
        String s = (wide ? "r" : "w") + insn.src();
        return switch (op) {
            case ADD, OR, AND, XOR -> "lock *(" + type + " *)" + addr + " " + LOCK_OPERATORS.get(op) + " "
                    + memReg(insn.size(), insn.src());
            case FETCH_ADD, FETCH_OR, FETCH_AND, FETCH_XOR -> s + " = atomic_" + op.name().toLowerCase(Locale.ROOT)
                    + "((" + type + " *)" + addr + ", " + s + ")";
            case XCHG -> s + " = " + (wide ? "xchg_64(" : "xchg32_32(") + base + ", " + s + ")";
            case CMPXCHG -> {
                String r0 = wide ? "r0" : "w0";
                yield r0 + " = " + (wide ? "cmpxchg_64(" : "cmpxchg32_32(") + base + ", " + r0 + ", " + s + ")";
            }
            // dst receives the value, src holds the address
            case LOAD_ACQ -> (wide ? "r" : "w") + insn.dst() + " = load_acquire((" + type + " *)("
                    + baseOffset(insn.src(), insn.offset()) + "))";
            case STORE_REL -> "store_release((" + type + " *)" + addr + ", " + s + ")";
        };
    }

    /** The register holding a memory operand: LLVM 22 names the 32-bit subregister for narrow sizes. */
    private String memReg(Width size, int reg) {
        return (syntax == Syntax.LLVM_22 && size != Width.DW ? "w" : "r") + reg;
    }

    private String address(int base, int offset) {
        return "(" + baseOffset(base, offset) + ")";
    }

    private String baseOffset(int base, int offset) {
        return "r" + base + (offset < 0 ? " - " : " + ") + number(Math.abs((long) offset));
    }

    private static String unsigned(Width size) {
        return "u" + size.bits();
    }

    /** A branch offset: always signed. */
    private String signed(long value) {
        return (value < 0 ? "" : "+") + number(value);
    }

    private String number(long value) {
        if (syntax == Syntax.LLVM_14) {
            return Long.toString(value);
        }
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
