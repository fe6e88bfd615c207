package org.bpf4j.object.isa;

import java.util.ArrayList;
import java.util.List;

/** Representative instructions for every valid opcode, varying registers, offsets and immediates. */
public final class SampleInsns {
    private SampleInsns() {
    }

    /** Samples of every opcode in {@link InsnFormat#validOpcodes()}, in opcode order. */
    public static List<Insn> all() {
        List<Insn> out = new ArrayList<>();
        for (int opcode : InsnFormat.validOpcodes()) {
            out.addAll(of(opcode));
        }
        return out;
    }

    /** Samples of one valid opcode. */
    public static List<Insn> of(int op) {
        List<Insn> out = new ArrayList<>();
        boolean alu64 = InsnClass.of(op) == InsnClass.ALU64;
        switch (InsnFormat.of(op)) {
            case ALU_IMM -> {
                out.add(new Insn(op, 1, 0, 0, -7));
                out.add(new Insn(op, 9, 0, 0, Integer.MAX_VALUE));
                if (isDivMod(op)) {
                    out.add(new Insn(op, 0, 0, 1, Integer.MIN_VALUE));
                }
            }
            case ALU_REG -> {
                out.add(new Insn(op, 1, 2, 0, 0));
                out.add(new Insn(op, 0, 10, 0, 0));
                if (isDivMod(op)) {
                    out.add(new Insn(op, 8, 7, 1, 0));
                }
                if ((op & 0xf0) == AluOp.MOV.code()) {
                    out.add(new Insn(op, 3, 4, 8, 0));
                    out.add(new Insn(op, 3, 4, 16, 0));
                    if (alu64) {
                        out.add(new Insn(op, 5, 6, 32, 0));
                        out.add(Insn.addrSpaceCast(1, 2, false));
                        out.add(Insn.addrSpaceCast(7, 8, true));
                    }
                }
            }
            case NEG -> out.add(new Insn(op, 3, 0, 0, 0));
            case END -> {
                for (int bits : new int[] {16, 32, 64}) {
                    out.add(new Insn(op, 4, 0, 0, bits));
                }
            }
            case JA -> {
                out.add(new Insn(op, 0, 0, 7, 0));
                out.add(new Insn(op, 0, 0, -7, 0));
                out.add(new Insn(op, 0, 0, Short.MIN_VALUE, 0));
            }
            case GOTOL -> {
                out.add(new Insn(op, 0, 0, 0, 100));
                out.add(new Insn(op, 0, 0, 0, -100));
                out.add(new Insn(op, 0, 0, 0, 0x10000));
            }
            case JMP_IMM -> {
                out.add(new Insn(op, 1, 0, 5, -7));
                out.add(new Insn(op, 9, 0, 0, 0x7f000000));
            }
            case JMP_REG -> {
                out.add(new Insn(op, 1, 2, -3, 0));
                out.add(new Insn(op, 10, 0, Short.MAX_VALUE, 0));
            }
            case MAY_GOTO -> {
                out.add(new Insn(op, 0, 0, 5, 0));
                out.add(new Insn(op, 0, 0, -5, 0));
            }
            case CALL -> {
                out.add(new Insn(op, 0, CallKind.HELPER.code(), 0, 12));
                out.add(new Insn(op, 0, CallKind.LOCAL.code(), 0, -4));
                out.add(new Insn(op, 0, CallKind.KFUNC.code(), 0, 1234));
            }
            case EXIT -> out.add(new Insn(op, 0, 0, 0, 0));
            case LD_IMM64 -> {
                out.add(new Insn(op, 1, 0, 0, 0x200000001L));
                out.add(new Insn(op, 0, 0, 0, -1));
                out.add(new Insn(op, 9, 0, 0, Long.MIN_VALUE));
                for (PseudoSrc p : PseudoSrc.values()) {
                    if (p != PseudoSrc.PLAIN) {
                        out.add(Insn.ldPseudo(p, 2, 3, p.hasValueOffset() ? 4 : 0));
                    }
                }
            }
            case LD_ABS -> out.add(new Insn(op, 0, 0, 0, 14));
            case LD_IND -> out.add(new Insn(op, 0, 3, 0, 14));
            case LOAD -> {
                out.add(new Insn(op, 1, 2, 4, 0));
                out.add(new Insn(op, 0, 10, -8, 0));
                out.add(new Insn(op, 9, 3, Short.MIN_VALUE, 0));
            }
            case STORE_IMM -> {
                out.add(new Insn(op, 10, 0, -8, -5));
                out.add(new Insn(op, 1, 0, 0, 0x12345678));
            }
            case STORE_REG -> {
                out.add(new Insn(op, 10, 1, -16, 0));
                out.add(new Insn(op, 2, 9, Short.MAX_VALUE, 0));
            }
            case ATOMIC -> {
                boolean rmw = Width.of(op) == Width.W || Width.of(op) == Width.DW;
                for (AtomicOp a : AtomicOp.values()) {
                    if (rmw || !a.isReadModifyWrite()) {
                        out.add(new Insn(op, 1, 2, 8, a.imm()));
                    }
                }
                out.add(new Insn(op, 10, 0, -8, rmw ? AtomicOp.FETCH_ADD.imm() : AtomicOp.STORE_REL.imm()));
                out.add(Insn.loadAcquire(Width.of(op), 0, 10, -8));
            }
        }
        return out;
    }

    private static boolean isDivMod(int op) {
        return (op & 0xf0) == AluOp.DIV.code() || (op & 0xf0) == AluOp.MOD.code();
    }
}
