package org.bpf4j.object.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One eBPF instruction. {@code imm} is a signed 32-bit value for every instruction except
 * LD_IMM64, which carries all 64 bits and occupies two 8-byte slots. For the CALL and LD_IMM64
 * instructions {@code src} is not a register but the call kind or pseudo source. The constructor
 * accepts only instructions the instruction set defines: a valid opcode, registers r0..r10 and
 * zero in every field the opcode does not use.
 */
public record Insn(int opcode, int dst, int src, int offset, long imm) {

    /** Bytes per instruction slot. */
    public static final int SLOT_SIZE = 8;

    public Insn {
        InsnFormat format = InsnFormat.of(opcode);
        if (format == null) {
            throw invalid(opcode, dst, src, offset, imm, opcode < 0 || opcode > 0xff
                    ? "opcode does not fit in 8 bits" : "opcode is not an eBPF instruction");
        }
        if (!Reg.isValid(dst)) {
            throw invalid(opcode, dst, src, offset, imm, "destination register r" + dst + " does not exist (r0..r10)");
        }
        boolean srcIsRegister = format != InsnFormat.CALL && format != InsnFormat.LD_IMM64;
        if (srcIsRegister ? !Reg.isValid(src) : src < 0 || src > 0x0f) {
            throw invalid(opcode, dst, src, offset, imm, "source register r" + src + " does not exist (r0..r10)");
        }
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw invalid(opcode, dst, src, offset, imm, "offset does not fit in 16 signed bits");
        }
        if (format != InsnFormat.LD_IMM64 && imm != (int) imm) {
            throw invalid(opcode, dst, src, offset, imm, "immediate does not fit in 32 signed bits");
        }
        String problem = format.check(opcode, dst, src, offset, imm);
        if (problem != null) {
            throw invalid(opcode, dst, src, offset, imm, problem);
        }
    }

    private static IllegalArgumentException invalid(int opcode, int dst, int src, int offset, long imm, String why) {
        return new IllegalArgumentException("invalid instruction " + fields(opcode, dst, src, offset, imm) + ": " + why);
    }

    private static String fields(int opcode, int dst, int src, int offset, long imm) {
        return String.format("{opcode 0x%02x, dst %d, src %d, offset %d, imm %d}", opcode, dst, src, offset, imm);
    }

    /** The fields with the opcode in hex, e.g. {@code Insn{opcode 0x95, dst 0, src 0, offset 0, imm 0}}. */
    @Override
    public String toString() {
        return "Insn" + fields(opcode, dst, src, offset, imm);
    }

    // ---------------------------------------------------------------- ALU

    /** {@code dst op= src} on 64 bits; SDIV and SMOD are signed. */
    public static Insn alu64(AluOp op, int dst, int src) {
        return alu(InsnClass.ALU64, op, dst, src);
    }

    /** {@code dst op= imm} on 64 bits, the immediate sign-extended. */
    public static Insn alu64Imm(AluOp op, int dst, int imm) {
        return aluImm(InsnClass.ALU64, op, dst, imm);
    }

    /** {@code dst op= src} on the low 32 bits, the upper 32 bits of dst zeroed. */
    public static Insn alu32(AluOp op, int dst, int src) {
        return alu(InsnClass.ALU, op, dst, src);
    }

    /** {@code dst op= imm} on the low 32 bits, the upper 32 bits of dst zeroed. */
    public static Insn alu32Imm(AluOp op, int dst, int imm) {
        return aluImm(InsnClass.ALU, op, dst, imm);
    }

    private static Insn alu(InsnClass cls, AluOp op, int dst, int src) {
        requireBinary(op);
        return new Insn(cls.code() | op.code() | Source.X.code(), dst, src, op.offset(), 0);
    }

    private static Insn aluImm(InsnClass cls, AluOp op, int dst, int imm) {
        requireBinary(op);
        return new Insn(cls.code() | op.code() | Source.K.code(), dst, 0, op.offset(), imm);
    }

    private static void requireBinary(AluOp op) {
        if (!op.isBinary()) {
            throw new IllegalArgumentException(op + " takes no source operand; use neg32/neg64, endian or bswap");
        }
    }

    public static Insn mov64(int dst, int src) {
        return alu64(AluOp.MOV, dst, src);
    }

    public static Insn mov64Imm(int dst, int imm) {
        return alu64Imm(AluOp.MOV, dst, imm);
    }

    public static Insn mov32(int dst, int src) {
        return alu32(AluOp.MOV, dst, src);
    }

    public static Insn mov32Imm(int dst, int imm) {
        return alu32Imm(AluOp.MOV, dst, imm);
    }

    /** {@code dst = (s64)(s<bits>) src} for bits 8, 16 or 32. */
    public static Insn movsx64(int dst, int src, int bits) {
        return new Insn(InsnClass.ALU64.code() | AluOp.MOV.code() | Source.X.code(), dst, src, bits, 0);
    }

    /** {@code w_dst = (s32)(s<bits>) w_src} for bits 8 or 16, upper 32 bits zeroed. */
    public static Insn movsx32(int dst, int src, int bits) {
        return new Insn(InsnClass.ALU.code() | AluOp.MOV.code() | Source.X.code(), dst, src, bits, 0);
    }

    /**
     * Arena pointer conversion: {@code toUser} false casts a user-space arena pointer to a
     * kernel one (imm 1), true the reverse (imm {@code 1 << 16}).
     */
    public static Insn addrSpaceCast(int dst, int src, boolean toUser) {
        return new Insn(InsnClass.ALU64.code() | AluOp.MOV.code() | Source.X.code(), dst, src,
                InsnFormat.ADDR_SPACE_CAST, toUser ? 0x10000 : 1);
    }

    public static Insn neg64(int dst) {
        return new Insn(InsnClass.ALU64.code() | AluOp.NEG.code(), dst, 0, 0, 0);
    }

    public static Insn neg32(int dst) {
        return new Insn(InsnClass.ALU.code() | AluOp.NEG.code(), dst, 0, 0, 0);
    }

    /**
     * Converts the low {@code bits} (16, 32, 64) of dst between host order and {@code order},
     * zero-extending the result (a no-op swap on little-endian hosts still truncates).
     */
    public static Insn endian(ByteOrder order, int dst, int bits) {
        Source s = order == ByteOrder.BIG_ENDIAN ? Source.X : Source.K;
        return new Insn(InsnClass.ALU.code() | AluOp.END.code() | s.code(), dst, 0, 0, bits);
    }

    /** Unconditionally reverses the bytes of the low {@code bits} (16, 32, 64) of dst. */
    public static Insn bswap(int dst, int bits) {
        return new Insn(InsnClass.ALU64.code() | AluOp.END.code(), dst, 0, 0, bits);
    }

    // ---------------------------------------------------------------- memory

    /** {@code dst = *(size *)(src + off)}, zero-extended. */
    public static Insn ldx(Width size, int dst, int src, int off) {
        return new Insn(InsnClass.LDX.code() | Mode.MEM.code() | size.code(), dst, src, off, 0);
    }

    /** {@code dst = *(s<size> *)(src + off)}, sign-extended; size B, H or W. */
    public static Insn ldsx(Width size, int dst, int src, int off) {
        if (size == Width.DW) {
            throw new IllegalArgumentException("a sign-extending load of 8 bytes does not exist; use ldx(DW, ...)");
        }
        return new Insn(InsnClass.LDX.code() | Mode.MEMSX.code() | size.code(), dst, src, off, 0);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public static Insn stx(Width size, int dst, int src, int off) {
        return new Insn(InsnClass.STX.code() | Mode.MEM.code() | size.code(), dst, src, off, 0);
    }

    /** {@code *(size *)(dst + off) = imm}. */
    public static Insn st(Width size, int dst, int off, int imm) {
        return new Insn(InsnClass.ST.code() | Mode.MEM.code() | size.code(), dst, 0, off, imm);
    }

    /**
     * Atomic operation on {@code *(size *)(dst + off)} with src; read-modify-write operations
     * exist for W and DW. For LOAD_ACQ the roles differ: see {@link #loadAcquire}.
     */
    public static Insn atomic(Width size, AtomicOp op, int dst, int src, int off) {
        return new Insn(InsnClass.STX.code() | Mode.ATOMIC.code() | size.code(), dst, src, off, op.imm());
    }

    /** {@code dst = load_acquire((size *)(src + off))}, zero-extended. */
    public static Insn loadAcquire(Width size, int dst, int src, int off) {
        return atomic(size, AtomicOp.LOAD_ACQ, dst, src, off);
    }

    /** {@code store_release((size *)(dst + off), src)}. */
    public static Insn storeRelease(Width size, int dst, int src, int off) {
        return atomic(size, AtomicOp.STORE_REL, dst, src, off);
    }

    /** Legacy {@code r0 = ntoh(*(size *)(skb->data + imm))}, r6 holding the skb; size B, H or W. */
    public static Insn ldAbs(Width size, int imm) {
        return new Insn(InsnClass.LD.code() | Mode.ABS.code() | requireLegacySize(size).code(), 0, 0, 0, imm);
    }

    /** Legacy {@code r0 = ntoh(*(size *)(skb->data + src + imm))}, r6 holding the skb. */
    public static Insn ldInd(Width size, int src, int imm) {
        return new Insn(InsnClass.LD.code() | Mode.IND.code() | requireLegacySize(size).code(), 0, src, 0, imm);
    }

    private static Width requireLegacySize(Width size) {
        if (size == Width.DW) {
            throw new IllegalArgumentException("legacy packet loads exist only for B, H and W");
        }
        return size;
    }

    // ---------------------------------------------------------------- 64-bit immediates

    private static final int LD_IMM64_OPCODE = InsnClass.LD.code() | Mode.IMM.code() | Width.DW.code();

    /** {@code dst = value} for any 64-bit value (two slots). */
    public static Insn ldImm64(int dst, long value) {
        return new Insn(LD_IMM64_OPCODE, dst, PseudoSrc.PLAIN.code(), 0, value);
    }

    /** {@code dst = map} by file descriptor. */
    public static Insn ldMapFd(int dst, int fd) {
        return ldPseudo(PseudoSrc.MAP_FD, dst, fd, 0);
    }

    /** {@code dst = &map.value + off} by file descriptor (global data, direct value access). */
    public static Insn ldMapValue(int dst, int fd, int off) {
        return ldPseudo(PseudoSrc.MAP_VALUE, dst, fd, off);
    }

    /**
     * LD_IMM64 with a pseudo source: {@code ref} is the first immediate (fd, index, BTF id or
     * function offset), {@code valueOffset} the second (used by MAP_VALUE and MAP_IDX_VALUE only).
     */
    public static Insn ldPseudo(PseudoSrc kind, int dst, int ref, int valueOffset) {
        if (!kind.hasValueOffset() && valueOffset != 0) {
            throw new IllegalArgumentException(kind + " takes no value offset, got " + valueOffset);
        }
        return new Insn(LD_IMM64_OPCODE, dst, kind.code(), 0, ((long) valueOffset << 32) | (ref & 0xffffffffL));
    }

    // ---------------------------------------------------------------- jumps

    /** {@code if dst op src goto +off} comparing 64 bits. */
    public static Insn jmp(JmpOp op, int dst, int src, int off) {
        return cond(InsnClass.JMP, Source.X, op, dst, src, off, 0);
    }

    /** {@code if dst op imm goto +off} comparing 64 bits, imm sign-extended. */
    public static Insn jmpImm(JmpOp op, int dst, int imm, int off) {
        return cond(InsnClass.JMP, Source.K, op, dst, 0, off, imm);
    }

    /** {@code if wdst op wsrc goto +off} comparing the low 32 bits. */
    public static Insn jmp32(JmpOp op, int dst, int src, int off) {
        return cond(InsnClass.JMP32, Source.X, op, dst, src, off, 0);
    }

    /** {@code if wdst op imm goto +off} comparing the low 32 bits. */
    public static Insn jmp32Imm(JmpOp op, int dst, int imm, int off) {
        return cond(InsnClass.JMP32, Source.K, op, dst, 0, off, imm);
    }

    private static Insn cond(InsnClass cls, Source s, JmpOp op, int dst, int src, int off, int imm) {
        if (!op.isConditional()) {
            throw new IllegalArgumentException(op + " is not a conditional jump; use ja, gotol, mayGoto, call or exit");
        }
        return new Insn(cls.code() | op.code() | s.code(), dst, src, off, imm);
    }

    /** {@code goto +off}, off counted in slots after this instruction, 16 bits. */
    public static Insn ja(int off) {
        return new Insn(InsnClass.JMP.code() | JmpOp.JA.code(), 0, 0, off, 0);
    }

    /** {@code may_goto +off}: taken once the kernel's budget for this loop is used up. */
    public static Insn mayGoto(int off) {
        return new Insn(InsnClass.JMP.code() | JmpOp.JCOND.code(), 0, 0, off, 0);
    }

    /** {@code gotol +off}: unconditional jump with a 32-bit offset (cpu v4). */
    public static Insn gotol(int off) {
        return new Insn(InsnClass.JMP32.code() | JmpOp.JA.code(), 0, 0, 0, off);
    }

    private static final int CALL_OPCODE = InsnClass.JMP.code() | JmpOp.CALL.code();

    /** Call of helper function {@code helperId}. */
    public static Insn call(int helperId) {
        return new Insn(CALL_OPCODE, 0, CallKind.HELPER.code(), 0, helperId);
    }

    /** BPF-to-BPF call; {@code off} counts slots from the next instruction to the callee. */
    public static Insn callLocal(int off) {
        return new Insn(CALL_OPCODE, 0, CallKind.LOCAL.code(), 0, off);
    }

    /** Call of the kernel function with BTF id {@code btfId} in vmlinux BTF. */
    public static Insn callKfunc(int btfId) {
        return callKfunc(btfId, 0);
    }

    /** Call of a kfunc whose BTF is module BTF number {@code btfFdIndex} of the fd array. */
    public static Insn callKfunc(int btfId, int btfFdIndex) {
        return new Insn(CALL_OPCODE, 0, CallKind.KFUNC.code(), btfFdIndex, btfId);
    }

    public static Insn exit() {
        return new Insn(InsnClass.JMP.code() | JmpOp.EXIT.code(), 0, 0, 0, 0);
    }

    // ---------------------------------------------------------------- accessors

    public InsnFormat format() {
        return InsnFormat.of(opcode);
    }

    public InsnClass cls() {
        return InsnClass.of(opcode);
    }

    /** The number of 8-byte slots: 2 for LD_IMM64, else 1. */
    public int slots() {
        return isLdImm64() ? 2 : 1;
    }

    /** The ALU operation, or null if this is no ALU/ALU64 instruction. */
    public AluOp aluOp() {
        return cls().isAlu() ? AluOp.of(opcode, offset == 1 ? 1 : 0) : null;
    }

    /** The jump operation, or null if this is no JMP/JMP32 instruction. */
    public JmpOp jmpOp() {
        return cls().isJmp() ? JmpOp.of(opcode) : null;
    }

    /** The operand source of an ALU or JMP instruction, or null for other classes. */
    public Source source() {
        return cls().isAlu() || cls().isJmp() ? Source.of(opcode) : null;
    }

    /** The access size of a load or store, or null for ALU and JMP instructions. */
    public Width size() {
        return cls().isLoadStore() ? Width.of(opcode) : null;
    }

    /** The addressing mode of a load or store, or null for ALU and JMP instructions. */
    public Mode mode() {
        return cls().isLoadStore() ? Mode.of(opcode) : null;
    }

    /** The atomic operation, or null if this is no atomic instruction. */
    public AtomicOp atomicOp() {
        return isAtomic() ? AtomicOp.ofImm(imm) : null;
    }

    /** What an LD_IMM64 loads; null for other instructions. */
    public PseudoSrc pseudoSrc() {
        return isLdImm64() ? PseudoSrc.of(src) : null;
    }

    /** What a CALL calls; null for other instructions. */
    public CallKind callKind() {
        return isCall() ? CallKind.of(src) : null;
    }

    public boolean isAlu() {
        return cls().isAlu();
    }

    public boolean isAlu64() {
        return cls() == InsnClass.ALU64;
    }

    /** True for instructions that branch to a pc-relative target: JA, gotol, conditional jumps, may_goto. */
    public boolean isJump() {
        return isConditionalJump() || isUnconditionalJump();
    }

    /** True for jumps that may fall through: comparisons and may_goto. */
    public boolean isConditionalJump() {
        InsnFormat f = format();
        return f == InsnFormat.JMP_IMM || f == InsnFormat.JMP_REG || f == InsnFormat.MAY_GOTO;
    }

    public boolean isUnconditionalJump() {
        InsnFormat f = format();
        return f == InsnFormat.JA || f == InsnFormat.GOTOL;
    }

    public boolean isCall() {
        return format() == InsnFormat.CALL;
    }

    public boolean isHelperCall() {
        return isCall() && src == CallKind.HELPER.code();
    }

    public boolean isLocalCall() {
        return isCall() && src == CallKind.LOCAL.code();
    }

    public boolean isKfuncCall() {
        return isCall() && src == CallKind.KFUNC.code();
    }

    public boolean isExit() {
        return format() == InsnFormat.EXIT;
    }

    public boolean isLdImm64() {
        return opcode == LD_IMM64_OPCODE;
    }

    /** True for LDX loads, plain or sign-extending. */
    public boolean isLoad() {
        return format() == InsnFormat.LOAD;
    }

    /** True for ST and STX plain stores (not atomics). */
    public boolean isStore() {
        InsnFormat f = format();
        return f == InsnFormat.STORE_IMM || f == InsnFormat.STORE_REG;
    }

    public boolean isAtomic() {
        return format() == InsnFormat.ATOMIC;
    }

    /** True for a MOV that sign-extends its source (cpu v4 MOVSX). */
    public boolean isMovsx() {
        return format() == InsnFormat.ALU_REG && (opcode & 0xf0) == AluOp.MOV.code() && offset > 1;
    }

    /** True for the arena pointer cast (ALU64 MOV with offset 1). */
    public boolean isAddrSpaceCast() {
        return InsnFormat.isAddrSpaceCast(opcode, offset);
    }

    /** True when nothing after this instruction runs in sequence: exit and unconditional jumps. */
    public boolean endsBlock() {
        return isExit() || isUnconditionalJump();
    }

    /** Registers R1-R5: call arguments, clobbered by calls and legacy packet loads. */
    private static final int ARGUMENT_REGS = 0b111110;

    /**
     * The registers this instruction reads, as a bit mask (bit n = rn). Calls are taken to read
     * all argument registers, since the number a helper takes is not in the instruction.
     */
    public int regsRead() {
        int d = 1 << dst;
        int s = 1 << src;
        return switch (format()) {
            case ALU_IMM -> (opcode & 0xf0) == AluOp.MOV.code() ? 0 : d;
            case ALU_REG -> (opcode & 0xf0) == AluOp.MOV.code() ? s : d | s;
            case NEG, END, JMP_IMM, STORE_IMM -> d;
            case JMP_REG, STORE_REG -> d | s;
            case JA, GOTOL, MAY_GOTO, LD_IMM64 -> 0;
            case CALL -> ARGUMENT_REGS;
            case EXIT -> 1 << Reg.R0;
            case LD_ABS -> 1 << Reg.R6;
            case LD_IND -> 1 << Reg.R6 | s;
            case LOAD -> s;
            case ATOMIC -> switch (atomicOp()) {
                case LOAD_ACQ -> s;
                case CMPXCHG -> d | s | 1 << Reg.R0;
                default -> d | s;
            };
        };
    }

    /** The registers this instruction writes or clobbers, as a bit mask (bit n = rn). */
    public int regsWritten() {
        int d = 1 << dst;
        return switch (format()) {
            case ALU_IMM, ALU_REG, NEG, END, LD_IMM64, LOAD -> d;
            case CALL, LD_ABS, LD_IND -> 1 << Reg.R0 | ARGUMENT_REGS;
            case ATOMIC -> switch (atomicOp()) {
                case LOAD_ACQ -> d;
                case CMPXCHG -> 1 << Reg.R0;
                case STORE_REL, ADD, OR, AND, XOR -> 0;
                default -> 1 << src;  // fetching operations return the old value in src
            };
            default -> 0;
        };
    }

    /** The immediate as the 32-bit value it encodes (the first slot's for LD_IMM64). */
    public int imm32() {
        return (int) imm;
    }

    /** The second slot's immediate of LD_IMM64 (upper 32 bits, or a map value offset). */
    public int immHi() {
        return (int) (imm >>> 32);
    }

    /** The branch offset in slots after this instruction: the offset field, or imm for gotol. */
    public int jumpOffset() {
        if (!isJump()) {
            throw new IllegalStateException(this + " is not a jump");
        }
        return format() == InsnFormat.GOTOL ? (int) imm : offset;
    }

    /** This jump with another branch offset. */
    public Insn withJumpOffset(int off) {
        if (!isJump()) {
            throw new IllegalStateException(this + " is not a jump");
        }
        return format() == InsnFormat.GOTOL ? withImm(off) : withOffset(off);
    }

    public Insn withOffset(int off) {
        return new Insn(opcode, dst, src, off, imm);
    }

    public Insn withImm(long newImm) {
        return new Insn(opcode, dst, src, offset, newImm);
    }

    public Insn withDst(int reg) {
        return new Insn(opcode, reg, src, offset, imm);
    }

    public Insn withSrc(int reg) {
        return new Insn(opcode, dst, reg, offset, imm);
    }

    // ---------------------------------------------------------------- encoding

    /** Writes this instruction's slots (8 or 16 bytes) in little-endian order. */
    public void encodeTo(ByteBuffer out) {
        ByteBuffer le = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        le.put((byte) opcode);
        le.put((byte) (src << 4 | dst));
        le.putShort((short) offset);
        le.putInt((int) imm);
        if (isLdImm64()) {
            le.putInt(0);
            le.putInt(immHi());
        }
        out.position(le.position());
    }

    /** Encodes instructions back to back, little-endian. */
    public static byte[] encode(List<Insn> insns) {
        int slots = 0;
        for (Insn insn : insns) {
            slots += insn.slots();
        }
        ByteBuffer out = ByteBuffer.allocate(slots * SLOT_SIZE);
        for (Insn insn : insns) {
            insn.encodeTo(out);
        }
        return out.array();
    }

    /** Decodes little-endian instruction bytes. */
    public static List<Insn> decode(byte[] code) {
        return decode(ByteBuffer.wrap(code));
    }

    /**
     * Decodes the instructions between the buffer's position and limit (little-endian whatever
     * the buffer's order), advancing its position. Byte offsets in errors count from the start
     * position.
     */
    public static List<Insn> decode(ByteBuffer code) {
        ByteBuffer in = code.slice().order(ByteOrder.LITTLE_ENDIAN);
        List<Insn> out = new ArrayList<>(in.remaining() / SLOT_SIZE);
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < SLOT_SIZE) {
                throw new InsnDecodeException(at, "truncated instruction: " + in.remaining() + " bytes left");
            }
            int opcode = in.get() & 0xff;
            int regs = in.get() & 0xff;
            int offset = in.getShort();
            long imm = in.getInt();
            if (opcode == LD_IMM64_OPCODE) {
                imm = decodeSecondSlot(in, at, imm);
            }
            try {
                out.add(new Insn(opcode, regs & 0x0f, regs >>> 4, offset, imm));
            } catch (IllegalArgumentException e) {
                throw new InsnDecodeException(at, e.getMessage());
            }
        }
        code.position(code.position() + in.position());
        return out;
    }

    private static long decodeSecondSlot(ByteBuffer in, int at, long lowImm) {
        if (in.remaining() < SLOT_SIZE) {
            throw new InsnDecodeException(at, "LD_IMM64 is missing its second slot");
        }
        int opcode = in.get() & 0xff;
        int regs = in.get() & 0xff;
        int offset = in.getShort();
        long hi = in.getInt();
        if (opcode != 0 || regs != 0 || offset != 0) {
            throw new InsnDecodeException(at, "second slot of LD_IMM64 must have opcode, registers and offset 0");
        }
        return (hi << 32) | (lowImm & 0xffffffffL);
    }
}
