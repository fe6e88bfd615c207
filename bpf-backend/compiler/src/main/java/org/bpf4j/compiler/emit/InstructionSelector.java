package org.bpf4j.compiler.emit;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Dominators;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Param;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.compiler.regalloc.MRegs;
import org.bpf4j.compiler.regalloc.OutOfSsa;
import org.bpf4j.compiler.regalloc.ParallelCopy;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Reg;
import org.bpf4j.object.isa.Width;

/**
 * Instruction selection: IR (SSA) → machine instructions over virtual registers, in the IR's
 * block order. Keeps {@code I32} values zero-extended in their registers (ALU32 results, zero-
 * extending loads), so int→long zero extension costs nothing and every int operation is ALU32.
 * Stack and map addresses, a global's address used once and constant-offset packet headers are
 * rematerialized at each use instead of occupying a register; memory accesses fold them into the
 * instruction offset. A global's address used more than once gets a register, which the
 * {@link org.bpf4j.compiler.regalloc.RegisterAllocator} gives back where none is free.
 * Phis become parallel copies on the incoming edges (critical edges are split first).
 * Only instructions of the target {@link IsaLevel} are selected: what a lower level lacks is
 * expanded ({@link LevelExpansions}, {@link #condBr}).
 */
public final class InstructionSelector {
    private final Function f;
    private final MFunction mf;
    private final Map<Block, MBlock> blockMap = new HashMap<>();
    private final Map<Value, Materialization> where = new HashMap<>();
    private final Map<Block, List<Block>> preds;
    private List<Block> layout;
    private MBlock out;
    private Block current;
    private final Set<Instruction> escaping;
    private SourcePos pos;
    /**
     * The lowest level whose kernels take BPF_ST (store of an immediate) into the context: the
     * verifier refused it before Linux 6.3, and every kernel with ISA v4 (6.6) accepts it.
     */
    private static final IsaLevel CTX_STORE_IMMEDIATE = IsaLevel.V4;
    private final IsaLevel level;
    private final LevelExpansions expand;
    private final Map<Value, List<Instruction>> users = new HashMap<>();

    private InstructionSelector(Function f, IsaLevel level) {
        OutOfSsa.splitCriticalEdges(f);
        this.f = f;
        this.mf = new MFunction(f.name());
        this.preds = f.predecessors();
        this.escaping = escapingHeaders(f);
        this.level = level;
        this.expand = new LevelExpansions(mf, level, this::emit);
        for (Instruction i : f.instructions()) {
            for (Value v : i.operands()) users.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
        }
    }

    /** Selects machine code of ISA {@code level} for {@code f}; splits critical edges of {@code f} in place. */
    public static MFunction select(Function f, IsaLevel level) {
        return new InstructionSelector(f, level).run();
    }

    private MFunction run() {
        Dominators dom = new Dominators(f);
        layout = new ArrayList<>();
        for (Block b : f.blocks()) if (dom.isReachable(b)) layout.add(b);
        for (Block b : layout) blockMap.put(b, mf.newBlock(b.name()));
        for (Block b : layout) {
            for (Phi p : b.phis()) where.put(p, new Materialization.InRegister(mf.newVreg()));
        }
        // parameters arrive in r1..r5; copy them out in a prologue that no branch re-enters
        out = mf.detachedBlock("prologue");
        mf.blocks().add(0, out);
        for (Param p : f.params()) {
            int v = mf.newVreg();
            where.put(p, new Materialization.InRegister(v));
            emit(MInsn.copy(v, Reg.R1 + p.index()));
        }
        for (Block b : layout) {
            out = blockMap.get(b);
            current = b;
            List<Block> ps = preds.get(b);
            if (ps.size() == 1 && !b.phis().isEmpty()) emitPhiCopies(ps.get(0), b);
            for (Instruction i : b.instructions()) {
                if (i instanceof Phi) continue;
                pos = i.pos();
                if (i.isTerminator()) {
                    for (Block s : i.targets()) {
                        if (!s.phis().isEmpty() && preds.get(s).size() > 1) emitPhiCopies(b, s);
                    }
                }
                select(i);
            }
        }
        return mf;
    }

    // ---------------------------------------------------------------- values

    private Materialization where(Value v) {
        if (v instanceof Constant) throw new IllegalStateException("constants are handled by the caller");
        Materialization m = where.get(v);
        if (m == null) throw new IllegalStateException("value " + v.ref() + " of " + f.name() + " is used before instruction selection reached its definition");
        return m;
    }

    /** A register holding {@code v}: its own, or a new one it is materialized into here. */
    private int reg(Value v) {
        if (!(v instanceof Constant)) {
            Materialization m = where(v);
            if (m instanceof Materialization.InRegister) return ((Materialization.InRegister) m).reg();
        }
        int t = mf.newVreg();
        materializeInto(t, v);
        return t;
    }

    /** Emits code that puts {@code v} into register {@code r} (physical or virtual). */
    private void materializeInto(int r, Value v) {
        if (v instanceof Constant) {
            long c = ((Constant) v).value();
            if (v.type() == Type.I32) emit(MInsn.of(Insn.mov32Imm(0, (int) c), r, MRegs.NONE));
            else if (c == (int) c) emit(MInsn.of(Insn.mov64Imm(0, (int) c), r, MRegs.NONE));
            else emit(MInsn.of(Insn.ldImm64(0, c), r, MRegs.NONE));
            return;
        }
        Materialization m = where(v);
        if (m instanceof Materialization.InRegister) {
            emit(MInsn.copy(r, ((Materialization.InRegister) m).reg()));
        } else if (m instanceof Materialization.StackAddress) {
            emit(MInsn.copy(r, Reg.R10));
            emit(MInsn.of(Insn.alu64Imm(AluOp.ADD, 0, ((Materialization.StackAddress) m).offset()), r, MRegs.NONE));
        } else if (m instanceof Materialization.MapAddress) {
            emit(MInsn.ldMap(r, ((Materialization.MapAddress) m).symbol()));
        } else if (m instanceof Materialization.GlobalAddress) {
            Materialization.GlobalAddress g = (Materialization.GlobalAddress) m;
            emit(MInsn.ldGlobal(r, g.symbol(), g.offset()));
        } else {
            Address a = address(v, 0);
            emit(MInsn.copy(r, a.reg));
            if (a.offset != 0) addConstant(r, a.offset);
        }
    }

    private void addConstant(int r, long c) {
        if (c == (int) c) {
            emit(MInsn.of(Insn.alu64Imm(AluOp.ADD, 0, (int) c), r, MRegs.NONE));
        } else {
            int t = mf.newVreg();
            emit(MInsn.of(Insn.ldImm64(0, c), t, MRegs.NONE));
            emit(MInsn.of(Insn.alu64(AluOp.ADD, 0, 0), r, t));
        }
    }

    /** A base register and offset addressing {@code ptr + extra}. */
    private record Address(int reg, long offset) {}

    private Address address(Value ptr, long extra) {
        Materialization m = where(ptr);
        if (m instanceof Materialization.StackAddress) return new Address(Reg.R10, ((Materialization.StackAddress) m).offset() + extra);
        if (m instanceof Materialization.Offset) {
            Materialization.Offset o = (Materialization.Offset) m;
            return address(o.base(), o.offset() + extra);
        }
        return new Address(reg(ptr), extra);
    }

    /** An address whose offset fits the 16-bit instruction field. */
    private Address memoryOperand(Value ptr, long extra) {
        Address a = address(ptr, extra);
        if (a.offset >= Short.MIN_VALUE && a.offset <= Short.MAX_VALUE) return a;
        int t = mf.newVreg();
        emit(MInsn.copy(t, a.reg));
        addConstant(t, a.offset);
        return new Address(t, 0);
    }

    private void define(Instruction i, int reg) {
        where.put(i, new Materialization.InRegister(reg));
    }

    private static boolean fitsImm(Value v) {
        return v instanceof Constant && ((Constant) v).fitsImm32();
    }

    private static int imm(Value v) {
        return (int) ((Constant) v).value();
    }

    // ---------------------------------------------------------------- instructions

    private void select(Instruction i) {
        switch (i.op()) {
            case ADD: case SUB: case MUL: case SDIV: case UDIV: case SREM: case UREM: case AND: case OR: case XOR:
            case SHL: case ASHR: case LSHR:
                binary(i);
                break;
            case NEG: {
                int d = copyOf(i.operand(0));
                emit(MInsn.of(i.type() == Type.I32 ? Insn.neg32(0) : Insn.neg64(0), d, MRegs.NONE));
                define(i, d);
                break;
            }
            case SEXT: sext(i); break;
            case ZEXT: zext(i); break;
            case TRUNC: {
                if (!(i.operand(0) instanceof Constant) && readOnlyLowHalf(i)) {
                    where.put(i, where(i.operand(0)));
                    break;
                }
                int d = mf.newVreg();
                emit(MInsn.of(Insn.mov32(0, 0), d, reg(i.operand(0))));
                define(i, d);
                break;
            }
            case BSWAP: {
                int d = copyOf(i.operand(0));
                emit(MInsn.of(Insn.endian(ByteOrder.BIG_ENDIAN, 0, i.size() * 8), d, MRegs.NONE));
                define(i, d);
                break;
            }
            case COPY:
                if (i.operand(0) instanceof Constant) define(i, reg(i.operand(0)));
                else where.put(i, where(i.operand(0)));
                break;
            case CTX_LOAD: {
                int d = mf.newVreg();
                emit(MInsn.of(Insn.ldx(Width.ofBytes(i.size()), 0, 0, i.offset()), d, reg(i.operand(0))));
                define(i, d);
                break;
            }
            case CTX_STORE: {
                Width size = Width.ofBytes(i.size());
                if (i.operand(1) instanceof Constant c && c.fitsImm32() && level.includes(CTX_STORE_IMMEDIATE)) {
                    emit(MInsn.of(Insn.st(size, 0, i.offset(), imm(c)), reg(i.operand(0)), MRegs.NONE));
                } else {
                    emit(MInsn.of(Insn.stx(size, 0, 0, i.offset()), reg(i.operand(0)), reg(i.operand(1))));
                }
                break;
            }
            case PACKET_HEADER: packetHeader(i); break;
            case PTR_ADD: ptrAdd(i); break;
            case LOAD: load(i); break;
            case CORE_VALUE: {
                if (users.getOrDefault(i, List.of()).stream().allMatch(InstructionSelector::addsCoreValue)) break;
                int d = mf.newVreg();
                Insn mov = i.type() == Type.I32 ? Insn.mov32Imm(0, i.offset()) : Insn.mov64Imm(0, i.offset());
                emit(MInsn.of(mov, d, MRegs.NONE).relocatedBy(i.core()));
                define(i, d);
                break;
            }
            case CORE_LOAD: coreLoad(i); break;
            case STORE: store(i); break;
            case STACK_ALLOC: {
                int off = mf.frame().allocateLocal(i.size());
                where.put(i, new Materialization.StackAddress(off));
                if (i.zeroed()) {
                    for (int k = 0; k < (i.size() + 7) / 8; k++) emit(MInsn.of(Insn.st(Width.DW, 0, off + 8 * k, 0), Reg.R10, MRegs.NONE));
                }
                break;
            }
            case MAP_ADDR: where.put(i, new Materialization.MapAddress(i.symbol())); break;
            case GLOBAL_ADDR:
                if (users.getOrDefault(i, List.of()).size() > 1) {
                    // loaded once; the allocator loads it again at each use instead where no register is free
                    int d = mf.newVreg();
                    emit(MInsn.ldGlobal(d, i.symbol(), i.offset()));
                    define(i, d);
                } else {
                    where.put(i, new Materialization.GlobalAddress(i.symbol(), i.offset()));
                }
                break;
            case ATOMIC: atomic(i); break;
            case MAP_LOOKUP: case MAP_UPDATE: case MAP_DELETE: case HELPER_CALL: case TAIL_CALL: call(i, i.helperId()); break;
            case CALL: call(i, -1); break;
            case BR: jumpTo(i.targets().get(0)); break;
            case COND_BR: condBr(i); break;
            case RETURN: ret(i); break;
            default: throw new IllegalStateException("cannot select " + i.op());
        }
    }

    /** A fresh register initialised with {@code v} (2-address operations overwrite their destination). */
    private int copyOf(Value v) {
        int d = mf.newVreg();
        materializeInto(d, v);
        return d;
    }

    /** Whether {@code i} adds a CO-RE value to something else: the value is the addition's relocated immediate. */
    private static boolean addsCoreValue(Instruction i) {
        if (i.op() != Op.ADD) return false;
        boolean first = isCoreValue(i.operand(0)), second = isCoreValue(i.operand(1));
        return first != second;
    }

    private static boolean isCoreValue(Value v) {
        return v instanceof Instruction c && c.op() == Op.CORE_VALUE;
    }

    private static AluOp aluOp(Op op) {
        switch (op) {
            case ADD: return AluOp.ADD;
            case SUB: return AluOp.SUB;
            case MUL: return AluOp.MUL;
            case SDIV: return AluOp.SDIV;
            case UDIV: return AluOp.DIV;
            case SREM: return AluOp.SMOD;
            case UREM: return AluOp.MOD;
            case AND: return AluOp.AND;
            case OR: return AluOp.OR;
            case XOR: return AluOp.XOR;
            case SHL: return AluOp.LSH;
            case ASHR: return AluOp.ARSH;
            case LSHR: return AluOp.RSH;
            default: throw new IllegalArgumentException(op + " is no ALU operation");
        }
    }

    private void binary(Instruction i) {
        Value a = i.operand(0), b = i.operand(1);
        if (addsCoreValue(i)) {
            // the loader patches the addition's immediate as it would the move of the value
            Instruction core = (Instruction) (isCoreValue(a) ? a : b);
            int d = copyOf(core == a ? b : a);
            Insn add = i.type() == Type.I32 ? Insn.alu32Imm(AluOp.ADD, 0, core.offset()) : Insn.alu64Imm(AluOp.ADD, 0, core.offset());
            emit(MInsn.of(add, d, MRegs.NONE).relocatedBy(core.core()));
            define(i, d);
            return;
        }
        if (i.op().isCommutative() && a instanceof Constant && !(b instanceof Constant)) {
            Value t = a;
            a = b;
            b = t;
        }
        boolean is32 = i.type() == Type.I32;
        AluOp op = aluOp(i.op());
        int d = copyOf(a);
        if ((op == AluOp.SDIV || op == AluOp.SMOD) && !level.includes(IsaLevel.V4)) {
            Long constant = fitsImm(b) ? ((Constant) b).value() : null;
            expand.signedDivide(d, is32, op == AluOp.SMOD, constant, constant != null ? MRegs.NONE : reg(b));
            define(i, d);
            return;
        }
        if (op == AluOp.ARSH && is32 && !level.includes(IsaLevel.V3)) {
            Integer count = fitsImm(b) ? imm(b) : null;
            expand.arithmeticShift32(d, count, count != null ? MRegs.NONE : reg(b));
            define(i, d);
            return;
        }
        boolean divides = op == AluOp.DIV || op == AluOp.SDIV || op == AluOp.MOD || op == AluOp.SMOD;
        // the verifier refuses division by an immediate 0; by a register holding 0 it is defined
        if (fitsImm(b) && !(divides && imm(b) == 0)) {
            int imm = imm(b);
            if (op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH) imm &= is32 ? 31 : 63;   // Java masks shift counts
            emit(MInsn.of(is32 ? Insn.alu32Imm(op, 0, imm) : Insn.alu64Imm(op, 0, imm), d, MRegs.NONE));
        } else {
            // register shift counts: BPF masks them with 31/63 exactly as Java does
            emit(MInsn.of(is32 ? Insn.alu32(op, 0, 0) : Insn.alu64(op, 0, 0), d, reg(b)));
        }
        define(i, d);
    }

    private void sext(Instruction i) {
        Value a = i.operand(0);
        int d = mf.newVreg();
        int bits = i.size() * 8;
        if (i.type() == Type.I32 && bits == 32) {
            emit(MInsn.of(Insn.mov32(0, 0), d, reg(a)));
        } else if (level.includes(IsaLevel.V4)) {
            emit(MInsn.of(i.type() == Type.I32 ? Insn.movsx32(0, 0, bits) : Insn.movsx64(0, 0, bits), d, reg(a)));
        } else {
            materializeInto(d, a);
            expand.signExtend(d, bits, i.type() == Type.I64);
        }
        define(i, d);
    }

    private void zext(Instruction i) {
        Value a = i.operand(0);
        if (i.size() == 4 && a.type() == Type.I32 && verifierSeesZeroExtended(a, new HashSet<>())) {
            // I32 values are kept zero-extended: widening is free
            define(i, reg(a));
            return;
        }
        int d = mf.newVreg();
        if (i.size() == 4) {
            emit(MInsn.of(Insn.mov32(0, 0), d, reg(a)));
        } else {
            materializeInto(d, a);
            emit(MInsn.of(Insn.alu32Imm(AluOp.AND, 0, i.size() == 1 ? 0xff : 0xffff), d, MRegs.NONE));
        }
        define(i, d);
    }

    /**
     * Whether the verifier knows the upper half of this I32's register is zero. It does after
     * the 32-bit operations it tracks, but it forgets everything after a division, a remainder or
     * a shift by a register, and a helper's result is a full 64-bit value: those are widened by
     * {@code w = w}, else a widened index is "unbounded" and pointer arithmetic with it refused.
     */
    private static boolean verifierSeesZeroExtended(Value v, Set<Value> seen) {
        if (v instanceof Constant || !seen.add(v)) return true;
        if (!(v instanceof Instruction)) return false;
        Instruction i = (Instruction) v;
        switch (i.op()) {
            case LOAD: case CTX_LOAD: case TRUNC: case ZEXT:
            case ADD: case SUB: case MUL: case AND: case OR: case XOR:
                return true;
            case SHL: case ASHR: case LSHR:
                return i.operand(1) instanceof Constant;
            case COPY:
                return verifierSeesZeroExtended(i.operand(0), seen);
            case PHI:
                for (Value in : i.operands()) if (!verifierSeesZeroExtended(in, seen)) return false;
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether every use of the I32 {@code v} reads only the low half of its register: a JMP32
     * compare or a store of at most 4 bytes. Such a {@code (int) x} reads {@code x}'s register
     * as it is, where clang compares in place, instead of copying it to zero its upper half.
     */
    private boolean readOnlyLowHalf(Instruction v) {
        for (Instruction u : users.getOrDefault(v, List.of())) {
            boolean lowHalf = switch (u.op()) {
                case COND_BR -> level.includes(IsaLevel.V3);
                case STORE -> u.operand(0) != v && u.size() <= 4;
                default -> false;
            };
            if (!lowHalf) return false;
        }
        return true;
    }

    private void packetHeader(Instruction i) {
        Value base = i.operand(0), off = i.operand(1);
        if (escaping.contains(i)) {
            realNullHeader(i);
            return;
        }
        if (off instanceof Constant) {
            where.put(i, new Materialization.Offset(base, ((Constant) off).value()));
            return;
        }
        int d = copyOf(base);
        emit(MInsn.of(Insn.alu64(AluOp.ADD, 0, 0), d, reg(off)));
        define(i, d);
    }

    private void ptrAdd(Instruction i) {
        Value off = i.operand(1);
        if (off instanceof Constant) {
            where.put(i, new Materialization.Offset(i.operand(0), ((Constant) off).value()));
            return;
        }
        int d = copyOf(i.operand(0));
        emit(MInsn.of(Insn.alu64(AluOp.ADD, 0, 0), d, reg(off)));
        define(i, d);
    }

    /**
     * A header that flows into a phi must hold a real null when it does not fit:
     * {@code h = base + off; if (h + size > end) h = 0}. Its null tests then compare with 0.
     */
    private void realNullHeader(Instruction i) {
        int d = copyOf(i.operand(0));
        Value off = i.operand(1);
        if (off instanceof Constant) addConstant(d, ((Constant) off).value());
        else emit(MInsn.of(Insn.alu64(AluOp.ADD, 0, 0), d, reg(off)));
        int t = mf.newVreg();
        emit(MInsn.copy(t, d));
        addConstant(t, i.size());
        MBlock outside = mf.detachedBlock(out.name() + ".short");
        MBlock fits = mf.detachedBlock(out.name() + ".fits");
        jumpIf(JmpOp.JLE, t, reg(i.operand(2)), null, fits);
        int at = mf.blocks().indexOf(out);
        mf.blocks().add(at + 1, outside);
        mf.blocks().add(at + 2, fits);
        out = outside;
        emit(MInsn.of(Insn.mov64Imm(0, 0), d, MRegs.NONE));
        out = fits;
        define(i, d);
    }

    /** PACKET_HEADER results (through copies) that some phi merges. */
    private static Set<Instruction> escapingHeaders(Function f) {
        Set<Instruction> out = new HashSet<>();
        for (Instruction i : f.instructions()) {
            if (!(i instanceof Phi)) continue;
            for (Value v : i.operands()) {
                Instruction h = rootHeader(v);
                if (h != null) out.add(h);
            }
        }
        return out;
    }

    private static Instruction rootHeader(Value v) {
        Value x = v;
        while (x instanceof Instruction && ((Instruction) x).op() == Op.COPY) x = ((Instruction) x).operand(0);
        return x instanceof Instruction && ((Instruction) x).op() == Op.PACKET_HEADER ? (Instruction) x : null;
    }

    private void load(Instruction i) {
        Address a = memoryOperand(i.operand(0), i.offset());
        Width size = Width.ofBytes(i.size());
        int d = mf.newVreg();
        boolean widen = i.signExtends() && i.size() < i.type().size();
        if (widen && i.type() == Type.I64 && level.includes(IsaLevel.V4)) {
            emit(MInsn.of(Insn.ldsx(size, 0, 0, (int) a.offset), d, a.reg));
        } else {
            emit(MInsn.of(Insn.ldx(size, 0, 0, (int) a.offset), d, a.reg));
            if (widen) expand.signExtend(d, size.bits(), i.type() == Type.I64);
        }
        define(i, d);
    }

    /**
     * The loader rewrites the offset of this one instruction: nothing may be folded into it. A
     * signed narrow member is widened as {@link #load} does: by the load itself only at v4.
     */
    private void coreLoad(Instruction i) {
        Width size = Width.ofBytes(i.size());
        int d = mf.newVreg();
        boolean widen = i.signExtends() && i.size() < i.type().size();
        boolean signedLoad = widen && i.type() == Type.I64 && level.includes(IsaLevel.V4);
        Insn ldx = signedLoad ? Insn.ldsx(size, 0, 0, i.offset()) : Insn.ldx(size, 0, 0, i.offset());
        emit(MInsn.of(ldx, d, reg(i.operand(0))).relocatedBy(i.core()));
        if (widen && !signedLoad) expand.signExtend(d, size.bits(), i.type() == Type.I64);
        define(i, d);
    }

    private void store(Instruction i) {
        Address a = memoryOperand(i.operand(0), i.offset());
        Value v = i.operand(1);
        Width size = Width.ofBytes(i.size());
        if (v instanceof Constant && ((Constant) v).fitsImm32()) {
            emit(MInsn.of(Insn.st(size, 0, (int) a.offset, imm(v)), a.reg, MRegs.NONE));
        } else {
            emit(MInsn.of(Insn.stx(size, 0, 0, (int) a.offset), a.reg, reg(v)));
        }
    }

    private void atomic(Instruction i) {
        Address a = memoryOperand(i.operand(0), i.offset());
        Width size = Width.ofBytes(i.size());
        AtomicOp op;
        switch (i.atomic()) {
            case ADD: op = i.fetches() ? AtomicOp.FETCH_ADD : AtomicOp.ADD; break;
            case OR: op = i.fetches() ? AtomicOp.FETCH_OR : AtomicOp.OR; break;
            case AND: op = i.fetches() ? AtomicOp.FETCH_AND : AtomicOp.AND; break;
            case XOR: op = i.fetches() ? AtomicOp.FETCH_XOR : AtomicOp.XOR; break;
            case XCHG: op = AtomicOp.XCHG; break;
            default: op = AtomicOp.CMPXCHG; break;
        }
        if (op != AtomicOp.ADD && !level.includes(IsaLevel.V3)) {
            throw new TargetLevelException(f.name() + ": atomic " + op.name().toLowerCase(Locale.ROOT)
                    + " needs ISA v3 (-Abpf4j.cpu=v3), the target is " + level.cpuName());
        }
        if (op == AtomicOp.CMPXCHG) {
            materializeInto(Reg.R0, i.operand(1));
            int n = copyOf(i.operand(2));
            emit(MInsn.of(Insn.atomic(size, op, 0, 0, (int) a.offset), a.reg, n));
            int d = mf.newVreg();
            emit(MInsn.copy(d, Reg.R0));
            define(i, d);
            return;
        }
        int s = copyOf(i.operand(1));
        emit(MInsn.of(Insn.atomic(size, op, 0, 0, (int) a.offset), a.reg, s));
        if (i.fetches()) define(i, s);
    }

    /** Helper {@code helperId}, or a BPF-to-BPF call when it is negative. */
    private void call(Instruction i, int helperId) {
        List<Value> args = i.operands();
        // registers first (copies into r1..r5 cannot clobber virtual registers), then rematerialized values
        for (int k = 0; k < args.size(); k++) {
            Value a = args.get(k);
            if (!(a instanceof Constant) && where(a) instanceof Materialization.InRegister) materializeInto(Reg.R1 + k, a);
        }
        for (int k = 0; k < args.size(); k++) {
            Value a = args.get(k);
            if (a instanceof Constant || !(where(a) instanceof Materialization.InRegister)) materializeInto(Reg.R1 + k, a);
        }
        emit(helperId >= 0 ? MInsn.helperCall(helperId, args.size()) : MInsn.localCall(i.symbol(), args.size()));
        if (i.type() != Type.VOID) {
            int d = mf.newVreg();
            emit(MInsn.copy(d, Reg.R0));
            define(i, d);
        }
    }

    private void ret(Instruction i) {
        if (i.operands().isEmpty()) emit(MInsn.of(Insn.mov64Imm(0, 0), Reg.R0, MRegs.NONE));
        else materializeInto(Reg.R0, i.operand(0));
        emit(MInsn.of(Insn.exit(), MRegs.NONE, MRegs.NONE));
    }

    // ---------------------------------------------------------------- control flow

    private Block nextInLayout() {
        int at = layout.indexOf(current);
        return at + 1 < layout.size() ? layout.get(at + 1) : null;
    }

    private void jumpTo(Block target) {
        if (target != nextInLayout()) emit(MInsn.jump(Insn.ja(0), MRegs.NONE, MRegs.NONE, blockMap.get(target)));
    }

    private static JmpOp jmpOp(Cmp c) {
        switch (c) {
            case EQ: return JmpOp.JEQ;
            case NE: return JmpOp.JNE;
            case SLT: return JmpOp.JSLT;
            case SLE: return JmpOp.JSLE;
            case SGT: return JmpOp.JSGT;
            case SGE: return JmpOp.JSGE;
            case ULT: return JmpOp.JLT;
            case ULE: return JmpOp.JLE;
            case UGT: return JmpOp.JGT;
            default: return JmpOp.JGE;
        }
    }

    private void condBr(Instruction i) {
        Block ifTrue = i.targets().get(0), ifFalse = i.targets().get(1);
        Value a = i.operand(0), b = i.operand(1);
        Cmp cmp = i.cmp();
        if (a instanceof Constant && !(b instanceof Constant)) {
            Value t = a;
            a = b;
            b = t;
            cmp = cmp.swap();
        }
        int left, right = MRegs.NONE;
        boolean is32 = a.type() == Type.I32;
        Integer immediate = null;
        Instruction header = a.type() == Type.PACKET_OR_NULL && b instanceof Constant ? rootHeader(a) : null;
        if (header != null && !escaping.contains(header)) {
            // a header is null when it does not fit: test its end against the packet end
            Address end = address(a, header.size());
            left = mf.newVreg();
            emit(MInsn.copy(left, end.reg));
            addConstant(left, end.offset);
            right = reg(header.operand(2));
            cmp = cmp == Cmp.EQ ? Cmp.UGT : Cmp.ULE;
            is32 = false;
        } else {
            left = reg(a);
            if (fitsImm(b)) immediate = imm(b);
            else right = reg(b);
        }
        if (is32 && !level.includes(IsaLevel.V3)) {
            // no JMP32: compare the 64-bit extensions the comparison's signedness asks for
            boolean signed = cmp == Cmp.SLT || cmp == Cmp.SLE || cmp == Cmp.SGT || cmp == Cmp.SGE;
            left = widened(a, left, signed);
            if (immediate != null && !signed && immediate < 0) {
                right = mf.newVreg();
                emit(MInsn.of(Insn.mov32Imm(0, immediate), right, MRegs.NONE));
                immediate = null;
            } else if (immediate == null) {
                right = widened(b, right, signed);
            }
            is32 = false;
        }
        JmpOp op = jmpOp(cmp);
        Block next = nextInLayout();
        Block target = ifTrue, other = ifFalse;
        if (ifTrue == next) {
            op = op.negate();
            target = ifFalse;
            other = null;
        } else if (ifFalse == next) {
            other = null;
        }
        if (is32) {
            Insn template = immediate != null ? Insn.jmp32Imm(op, 0, immediate, 0) : Insn.jmp32(op, 0, 0, 0);
            emit(MInsn.jump(template, left, immediate != null ? MRegs.NONE : right, blockMap.get(target)));
        } else {
            jumpIf(op, left, right, immediate, blockMap.get(target));
        }
        if (other != null) emit(MInsn.jump(Insn.ja(0), MRegs.NONE, MRegs.NONE, blockMap.get(other)));
    }

    /**
     * A 64-bit register holding the I32 {@code v} (in {@code r}) sign- or zero-extended.
     * Zero extension happens in place: it keeps the int and makes its register what I32
     * registers are meant to be, and the verifier then learns the comparison's bounds on the
     * register later code indexes with. A sign-extended copy is a new register.
     */
    private int widened(Value v, int r, boolean signed) {
        if (signed) {
            int t = mf.newVreg();
            emit(MInsn.copy(t, r));
            expand.signExtend(t, 32, true);
            return t;
        }
        if (!verifierSeesZeroExtended(v, new HashSet<>())) emit(MInsn.of(Insn.mov32(0, 0), r, r));
        return r;
    }

    /**
     * {@code if left op right|immediate goto target} on 64 bits. Below v2, which lacks the
     * {@code <}/{@code <=} jumps, they become {@code >}/{@code >=} with the operands swapped.
     */
    private void jumpIf(JmpOp op, int left, int right, Integer immediate, MBlock target) {
        boolean lessThan = op == JmpOp.JLT || op == JmpOp.JLE || op == JmpOp.JSLT || op == JmpOp.JSLE;
        if (lessThan && !level.includes(IsaLevel.V2)) {
            if (immediate != null) {
                right = mf.newVreg();
                emit(MInsn.of(Insn.mov64Imm(0, immediate), right, MRegs.NONE));
                immediate = null;
            }
            int t = left;
            left = right;
            right = t;
            op = op.swapOperands();
        }
        Insn template = immediate != null ? Insn.jmpImm(op, 0, immediate, 0) : Insn.jmp(op, 0, 0, 0);
        emit(MInsn.jump(template, left, immediate != null ? MRegs.NONE : right, target));
    }

    private void emitPhiCopies(Block from, Block to) {
        List<int[]> copies = new ArrayList<>();
        for (Phi p : to.phis()) {
            Value v = p.incomingFrom(from);
            if (v == null) throw new IllegalStateException("phi " + p.ref() + " has no value for edge " + from.name() + " → " + to.name());
            int dst = ((Materialization.InRegister) where.get(p)).reg();
            int src = v instanceof Constant || !(where(v) instanceof Materialization.InRegister) ? copyOf(v) : reg(v);
            copies.add(new int[] {dst, src});
        }
        for (int[] m : ParallelCopy.sequentialize(copies, mf::newVreg)) emit(MInsn.copy(m[0], m[1]));
    }

    private void emit(MInsn i) {
        out.add(i.at(pos));
    }
}
