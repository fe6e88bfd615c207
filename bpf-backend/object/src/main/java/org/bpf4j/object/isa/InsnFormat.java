package org.bpf4j.object.isa;

/**
 * The shape of each valid opcode: which fields it uses and which must be zero. The table of
 * all 256 opcodes is built once from the enums, so the instruction set is defined in one place.
 */
public enum InsnFormat {
    /** ALU/ALU64 operation with an immediate operand. */
    ALU_IMM,
    /** ALU/ALU64 operation with a register operand (including MOVSX). */
    ALU_REG,
    /** Negation: only the destination register. */
    NEG,
    /** Byte order conversion (END) or unconditional byte swap (ALU64 END). */
    END,
    /** JMP|JA: 16-bit offset. */
    JA,
    /** JMP32|JA (gotol): 32-bit offset in the immediate. */
    GOTOL,
    /** Conditional jump comparing a register with the immediate. */
    JMP_IMM,
    /** Conditional jump comparing two registers. */
    JMP_REG,
    /** JMP|JCOND may_goto: branches when the kernel's loop budget is used up. */
    MAY_GOTO,
    CALL,
    EXIT,
    /** LD|IMM|DW: 64-bit immediate over two slots. */
    LD_IMM64,
    /** Legacy packet load at a constant offset. */
    LD_ABS,
    /** Legacy packet load at a register-relative offset. */
    LD_IND,
    /** LDX|MEM and LDX|MEMSX. */
    LOAD,
    /** ST|MEM: store of the immediate. */
    STORE_IMM,
    /** STX|MEM: store of a register. */
    STORE_REG,
    /** STX|ATOMIC. */
    ATOMIC;

    private static final InsnFormat[] TABLE = buildTable();

    /** The format of an opcode, or null when the opcode is not an instruction. */
    public static InsnFormat of(int opcode) {
        return opcode >= 0 && opcode < 256 ? TABLE[opcode] : null;
    }

    private static InsnFormat[] buildTable() {
        InsnFormat[] t = new InsnFormat[256];
        for (InsnClass cls : new InsnClass[] {InsnClass.ALU, InsnClass.ALU64}) {
            for (AluOp op : AluOp.values()) {
                int base = cls.code() | op.code();
                if (op == AluOp.NEG) {
                    t[base] = NEG;
                } else if (op == AluOp.END) {
                    t[base] = END;
                    if (cls == InsnClass.ALU) {
                        t[base | Source.X.code()] = END;
                    }
                } else {
                    t[base] = ALU_IMM;
                    t[base | Source.X.code()] = ALU_REG;
                }
            }
        }
        for (InsnClass cls : new InsnClass[] {InsnClass.JMP, InsnClass.JMP32}) {
            for (JmpOp op : JmpOp.values()) {
                int base = cls.code() | op.code();
                if (op.isConditional()) {
                    t[base] = JMP_IMM;
                    t[base | Source.X.code()] = JMP_REG;
                } else if (op == JmpOp.JA) {
                    t[base] = cls == InsnClass.JMP ? JA : GOTOL;
                } else if (cls == InsnClass.JMP) {
                    t[base] = op == JmpOp.CALL ? CALL : op == JmpOp.EXIT ? EXIT : MAY_GOTO;
                }
            }
        }
        t[InsnClass.LD.code() | Mode.IMM.code() | Width.DW.code()] = LD_IMM64;
        for (Width size : Width.values()) {
            if (size != Width.DW) {
                t[InsnClass.LD.code() | Mode.ABS.code() | size.code()] = LD_ABS;
                t[InsnClass.LD.code() | Mode.IND.code() | size.code()] = LD_IND;
                t[InsnClass.LDX.code() | Mode.MEMSX.code() | size.code()] = LOAD;
            }
            t[InsnClass.LDX.code() | Mode.MEM.code() | size.code()] = LOAD;
            t[InsnClass.ST.code() | Mode.MEM.code() | size.code()] = STORE_IMM;
            t[InsnClass.STX.code() | Mode.MEM.code() | size.code()] = STORE_REG;
            t[InsnClass.STX.code() | Mode.ATOMIC.code() | size.code()] = ATOMIC;
        }
        return t;
    }

    /** Every opcode that is an instruction, in increasing order. */
    public static int[] validOpcodes() {
        int n = 0;
        for (InsnFormat f : TABLE) {
            if (f != null) {
                n++;
            }
        }
        int[] out = new int[n];
        for (int op = 0, i = 0; op < 256; op++) {
            if (TABLE[op] != null) {
                out[i++] = op;
            }
        }
        return out;
    }

    /**
     * Checks the fields of an instruction with this format; returns what is wrong, or null if
     * the instruction is valid. Registers and the opcode itself are checked by the caller.
     */
    String check(int opcode, int dst, int src, int offset, long imm) {
        boolean alu64 = InsnClass.of(opcode) == InsnClass.ALU64;
        return switch (this) {
            case ALU_IMM -> firstOf(
                    aluOffset(opcode, offset, false, alu64),
                    zero("source register", src));
            case ALU_REG -> firstOf(
                    aluOffset(opcode, offset, true, alu64),
                    isAddrSpaceCast(opcode, offset)
                            ? (imm == 1 || imm == 0x10000 ? null
                                    : "addr_space_cast immediate 0x" + Long.toHexString(imm) + " is not 0x1 or 0x10000")
                            : zero("immediate", imm));
            case NEG -> firstOf(zero("source register", src), zero("offset", offset), zero("immediate", imm));
            case END -> firstOf(zero("source register", src), zero("offset", offset),
                    imm == 16 || imm == 32 || imm == 64 ? null : "byte swap width " + imm + " is not 16, 32 or 64");
            case JA -> firstOf(zero("destination register", dst), zero("source register", src), zero("immediate", imm));
            case GOTOL -> firstOf(zero("destination register", dst), zero("source register", src), zero("offset", offset));
            case JMP_IMM -> zero("source register", src);
            case JMP_REG -> zero("immediate", imm);
            case MAY_GOTO -> firstOf(zero("destination register", dst), zero("source register", src), zero("immediate", imm));
            case CALL -> firstOf(zero("destination register", dst),
                    src <= CallKind.KFUNC.code() ? null : "call source " + src + " is not 0 (helper), 1 (local) or 2 (kfunc)",
                    src == CallKind.KFUNC.code() ? null : zero("offset", offset));
            case EXIT -> firstOf(zero("destination register", dst), zero("source register", src),
                    zero("offset", offset), zero("immediate", imm));
            case LD_IMM64 -> firstOf(zero("offset", offset),
                    src <= PseudoSrc.MAP_IDX_VALUE.code() ? null : "LD_IMM64 source " + src + " is no pseudo source (0..6)");
            case LD_ABS -> firstOf(zero("destination register", dst), zero("source register", src), zero("offset", offset));
            case LD_IND -> firstOf(zero("destination register", dst), zero("offset", offset));
            case LOAD, STORE_REG -> zero("immediate", imm);
            case STORE_IMM -> zero("source register", src);
            case ATOMIC -> atomic(opcode, imm);
        };
    }

    /** The offset of ALU64 MOV X that marks an arena address space cast. */
    static final int ADDR_SPACE_CAST = 1;

    static boolean isAddrSpaceCast(int opcode, int offset) {
        return opcode == (InsnClass.ALU64.code() | AluOp.MOV.code() | Source.X.code()) && offset == ADDR_SPACE_CAST;
    }

    private static String aluOffset(int opcode, int offset, boolean reg, boolean alu64) {
        int op = opcode & 0xf0;
        if (op == AluOp.DIV.code() || op == AluOp.MOD.code()) {
            return offset == 0 || offset == 1 ? null : "offset " + offset + " of DIV/MOD is not 0 (unsigned) or 1 (signed)";
        }
        if (op == AluOp.MOV.code() && reg) {
            boolean ok = offset == 0 || offset == 8 || offset == 16 || (alu64 && (offset == 32 || offset == ADDR_SPACE_CAST));
            return ok ? null : "MOV sign-extension width " + offset + " is not "
                    + (alu64 ? "0, 8, 16 or 32 (or 1, addr_space_cast)" : "0, 8 or 16");
        }
        return zero("offset", offset);
    }

    private static String atomic(int opcode, long imm) {
        AtomicOp op = AtomicOp.ofImm(imm);
        if (op == null) {
            return "atomic operation 0x" + Long.toHexString(imm)
                    + " is none of add/or/and/xor[|fetch], xchg, cmpxchg, load_acquire, store_release";
        }
        Width size = Width.of(opcode);
        if (op.isReadModifyWrite() && size != Width.W && size != Width.DW) {
            return "atomic " + op + " exists only for W and DW, not " + size;
        }
        return null;
    }

    private static String zero(String field, long value) {
        return value == 0 ? null : field + " must be 0 but is " + value;
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
