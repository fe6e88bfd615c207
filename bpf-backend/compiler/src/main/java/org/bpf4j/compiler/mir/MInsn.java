package org.bpf4j.compiler.mir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bpf4j.compiler.ir.CoreAccess;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.regalloc.MRegs;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.InsnFormat;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Source;

/**
 * A machine instruction before register allocation: an {@link Insn} whose register fields are
 * placeholders, with the real operands in {@link #dst()} / {@link #src()} as machine registers
 * (physical r0–r10 or virtual, see {@link MRegs}), an optional jump target block, an optional
 * symbol reference (LD_IMM64 relocation or BPF-to-BPF call) and a source position.
 */
public final class MInsn {
    private Insn insn;
    private int dst;
    private int src;
    private MBlock target;
    private final String symbol;
    private final Relocation.Kind relocKind;
    private final int callArgs;
    private SourcePos pos;
    private CoreAccess core;

    private MInsn(Insn insn, int dst, int src, MBlock target, String symbol, Relocation.Kind relocKind, int callArgs) {
        this.insn = Objects.requireNonNull(insn);
        this.dst = dst;
        this.src = src;
        this.target = target;
        this.symbol = symbol;
        this.relocKind = relocKind;
        this.callArgs = callArgs;
    }

    /**
     * An instruction whose dst/src register fields are given as machine registers; pass
     * {@link MRegs#NONE} for a field the instruction does not use as a register.
     */
    public static MInsn of(Insn template, int dst, int src) {
        return new MInsn(template, dst, src, null, null, null, 0);
    }

    /** A conditional or unconditional jump to {@code target}. */
    public static MInsn jump(Insn template, int dst, int src, MBlock target) {
        if (!template.isJump()) throw new IllegalArgumentException(template + " is not a jump");
        return new MInsn(template, dst, src, Objects.requireNonNull(target), null, null, 0);
    }

    /** A helper call taking {@code args} arguments in r1..r{args}. */
    public static MInsn helperCall(int helperId, int args) {
        return new MInsn(Insn.call(helperId), MRegs.NONE, MRegs.NONE, null, null, null, args);
    }

    /** A BPF-to-BPF call of {@code function} taking {@code args} arguments. */
    public static MInsn localCall(String function, int args) {
        return new MInsn(Insn.callLocal(-1), MRegs.NONE, MRegs.NONE, null, function, Relocation.Kind.CALL, args);
    }

    /** {@code dst = &map} (LD_IMM64 relocation). */
    public static MInsn ldMap(int dst, String map) {
        return new MInsn(Insn.ldMapFd(0, 0), dst, MRegs.NONE, null, map, Relocation.Kind.MAP, 0);
    }

    /** {@code dst = &global + offset} (LD_IMM64 relocation on global data). */
    public static MInsn ldGlobal(int dst, String symbol, int offset) {
        return new MInsn(Insn.ldMapValue(0, 0, offset), dst, MRegs.NONE, null, symbol, Relocation.Kind.MAP_VALUE, 0);
    }

    public static MInsn copy(int dst, int src) {
        return of(Insn.mov64(0, 0), dst, src);
    }

    public Insn insn() { return insn; }

    public void setInsn(Insn insn) { this.insn = Objects.requireNonNull(insn); }

    public int dst() { return dst; }

    public int src() { return src; }

    public void setDst(int r) { dst = r; }

    public void setSrc(int r) { src = r; }

    public MBlock target() { return target; }

    public void setTarget(MBlock b) { target = b; }

    public String symbol() { return symbol; }

    public Relocation.Kind relocKind() { return relocKind; }

    public SourcePos pos() { return pos; }

    /** The CO-RE relocation of this instruction's immediate or offset, or null. */
    public CoreAccess core() { return core; }

    public MInsn relocatedBy(CoreAccess c) {
        this.core = c;
        return this;
    }

    public MInsn at(SourcePos p) {
        this.pos = p;
        return this;
    }

    /** Whether this loads a global's address (an LD_IMM64 the allocator may repeat rather than keep in a register). */
    public boolean isGlobalAddress() {
        return relocKind == Relocation.Kind.MAP_VALUE;
    }

    /** This instruction, at the same position, defining {@code r} instead. */
    public MInsn definingInstead(int r) {
        MInsn c = new MInsn(insn, r, src, target, symbol, relocKind, callArgs);
        c.pos = pos;
        c.core = core;
        return c;
    }

    /** A register-to-register 64-bit move: the allocator tries to give both ends one register. */
    public boolean isCopy() {
        return insn.format() == InsnFormat.ALU_REG && insn.cls() == InsnClass.ALU64 && insn.aluOp() == AluOp.MOV && !insn.isMovsx()
                && dst != MRegs.NONE && src != MRegs.NONE;
    }

    /** Registers read, in no particular order. */
    public List<Integer> uses() {
        List<Integer> u = new ArrayList<>(2);
        InsnFormat f = insn.format();
        if (insn.isCall()) {
            for (int i = 1; i <= callArgs; i++) u.add(i);
            return u;
        }
        if (insn.isExit()) {
            u.add(Reg.R0);
            return u;
        }
        if (insn.isAlu()) {
            AluOp op = insn.aluOp();
            boolean regSrc = insn.source() == Source.X && op != AluOp.END && op != AluOp.NEG;
            if (op != AluOp.MOV) u.add(dst);
            if (regSrc) u.add(src);
            return u;
        }
        if (insn.isLoad()) {
            u.add(src);
            return u;
        }
        if (f == InsnFormat.STORE_IMM) {
            u.add(dst);
            return u;
        }
        if (f == InsnFormat.STORE_REG) {
            u.add(dst);
            u.add(src);
            return u;
        }
        if (insn.isAtomic()) {
            u.add(dst);
            u.add(src);
            if (insn.atomicOp() == AtomicOp.CMPXCHG) u.add(Reg.R0);
            return u;
        }
        if (insn.isConditionalJump()) {
            u.add(dst);
            if (insn.source() == Source.X) u.add(src);
        }
        return u;
    }

    /** Registers written. */
    public List<Integer> defs() {
        List<Integer> d = new ArrayList<>(1);
        if (insn.isCall()) {
            for (int r = Reg.R0; r <= Reg.R5; r++) d.add(r);
        } else if (insn.isAlu() || insn.isLoad() || insn.isLdImm64()) {
            d.add(dst);
        } else if (insn.isAtomic()) {
            AtomicOp op = insn.atomicOp();
            if (op == AtomicOp.CMPXCHG) d.add(Reg.R0);
            else if (op.fetches()) d.add(src);
        }
        return d;
    }

    /** The physical instruction once both register fields are physical. */
    public Insn resolve() {
        Insn out = insn;
        if (dst != MRegs.NONE) {
            if (!MRegs.isPhysical(dst)) throw new IllegalStateException("unallocated register " + MRegs.name(dst) + " in " + this);
            out = out.withDst(dst);
        }
        if (src != MRegs.NONE) {
            if (!MRegs.isPhysical(src)) throw new IllegalStateException("unallocated register " + MRegs.name(src) + " in " + this);
            out = out.withSrc(src);
        }
        return out;
    }

    @Override
    public String toString() {
        return insn + " dst=" + MRegs.name(dst) + " src=" + MRegs.name(src) + (target == null ? "" : " -> " + target.name())
                + (symbol == null ? "" : " @" + symbol) + (core == null ? "" : " [" + core + "]");
    }
}
