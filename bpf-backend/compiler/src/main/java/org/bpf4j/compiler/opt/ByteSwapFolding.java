package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * {@code bswap(x) == K} → {@code x == bswap(K)}: network-order fields are compared raw against a
 * swapped constant (as C's {@code h_proto != bpf_htons(ETH_P_IP)}), also through the zero or
 * sign extension of {@code Short.reverseBytes}/{@code Short.toUnsignedInt}. Only equality tests,
 * only where {@code x} has no bits above the swapped bytes, and only where every use of the swap
 * is such a test, so that the swap goes.
 *
 * <p>A field tested through a shift or a mask is tested in place: {@code (y >>> s & m) == K} is
 * {@code (y & m << s) == K << s}, which saves the shift, and where y is a swap, the swap goes
 * too: {@code Integer.reverseBytes(ip) >>> 24 == 127} is {@code (ip & 0xFF) == 127}.
 */
public final class ByteSwapFolding implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        Map<Value, Integer> uses = f.useCounts();
        Map<Value, List<Instruction>> users = Edits.users(f);
        for (Instruction i : f.instructions()) {
            if (i instanceof Phi p && foldPhi(f, p, users) || hoistSwap(f, i, uses)) return true;
        }
        for (Instruction br : f.instructions()) {
            if (br.op() != Op.COND_BR || (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE)) continue;
            for (int side = 0; side < 2; side++) {
                if (br.operand(1 - side) instanceof Constant && (fold(br, side, users) || foldField(f, br, side, uses))) {
                    changed = true;
                    break;
                }
            }
        }
        return changed;
    }

    private static boolean fold(Instruction br, int side, Map<Value, List<Instruction>> users) {
        Value v = br.operand(side);
        long c = ((Constant) br.operand(1 - side)).value();
        if (!v.type().isRegisterInteger()) return false;
        long cmpMask = JavaArithmetic.mask(v.type().size());
        c &= cmpMask;
        // peel an extension of a byte-swapped value, adjusting the constant to the swapped width
        if (v instanceof Instruction && (((Instruction) v).op() == Op.ZEXT || ((Instruction) v).op() == Op.SEXT)) {
            Instruction ext = (Instruction) v;
            Value inner = ext.operand(0);
            if (!(inner instanceof Instruction) || ((Instruction) inner).op() != Op.BSWAP || ((Instruction) inner).size() != ext.size()) return false;
            long lowMask = JavaArithmetic.mask(ext.size());
            long extended = ext.op() == Op.ZEXT ? c & lowMask : JavaArithmetic.signExtend(c, ext.size()) & cmpMask;
            if (extended != c) return false;     // K cannot be the extension of any swapped value: leave it to folding
            c &= lowMask;
            v = inner;
        }
        if (!(v instanceof Instruction) || ((Instruction) v).op() != Op.BSWAP) return false;
        Instruction swap = (Instruction) v;
        Value x = swap.operand(0);
        if (!Bits.onlyLowBytes(x, swap.size()) || !onlyTested(swap, users)) return false;
        if ((c & ~JavaArithmetic.mask(swap.size())) != 0) return false;
        br.setOperand(side, x);
        br.setOperand(1 - side, Constant.of(x.type(), swapped(c, swap.size())));
        return true;
    }

    /**
     * A phi of swaps of one width (and constants that width holds) that only equality tests use
     * becomes a phi of the raw values, tested against swapped constants: the EtherType carried
     * out of a VLAN loop is compared in network order, and the swaps inside the loop go.
     */
    private static boolean foldPhi(Function f, Phi p, Map<Value, List<Instruction>> users) {
        int size = 0;
        long constantBits = 0;
        for (Value v : p.operands()) {
            if (v instanceof Constant c) {
                constantBits |= c.value();
            } else if (v instanceof Instruction swap && swap.op() == Op.BSWAP && (size == 0 || swap.size() == size)
                    && Bits.onlyLowBytes(swap.operand(0), swap.size())) {
                size = swap.size();
            } else {
                return false;
            }
        }
        List<Instruction> tests = users.getOrDefault(p, List.of());
        if (size == 0 || tests.isEmpty() || tests.stream().anyMatch(u -> u.op() != Op.COND_BR) || !onlyTested(p, users)) return false;
        long low = JavaArithmetic.mask(size);
        if ((constantBits & ~low) != 0) return false;
        for (Instruction br : tests) {
            Constant k = (Constant) (br.operand(0) == p ? br.operand(1) : br.operand(0));
            if ((k.value() & ~low) != 0) return false;     // never equal: leave it to folding
        }
        Phi raw = FunctionBuilder.editing(f).setBlock(p.block()).at(p.pos()).phi(p.type());
        for (int n = 0; n < p.operands().size(); n++) {
            Value v = p.operand(n);
            raw.addIncoming(p.incomingBlocks().get(n), v instanceof Constant c ? Constant.of(p.type(), swapped(c.value(), size))
                    : ((Instruction) v).operand(0));
        }
        for (Instruction br : tests) {
            int side = br.operand(0) == p ? 0 : 1;
            br.setOperand(1 - side, Constant.of(p.type(), swapped(((Constant) br.operand(1 - side)).value(), size)));
            br.setOperand(side, raw);
        }
        return true;
    }

    /**
     * One swap instead of two: {@code op(bswap(a), bswap(b))} is {@code bswap(op(a, b))} for a
     * bitwise op, and {@code bswap16(b) << 16 | bswap16(c)} of 16-bit b and c is {@code
     * bswap32(c << 16 | b)}: a flow hash of {@code Integer.reverseBytes(saddr) ^ (sport << 16 |
     * dport)} over network-order fields swaps once.
     */
    private static boolean hoistSwap(Function f, Instruction i, Map<Value, Integer> uses) {
        if ((i.op() != Op.AND && i.op() != Op.OR && i.op() != Op.XOR)) return false;
        for (int side = 0; side < 2; side++) {
            Instruction a = singleUseSwap(i.operand(side), uses), b = singleUseSwap(i.operand(1 - side), uses);
            FunctionBuilder at = FunctionBuilder.editing(f).positionBefore(i).at(i.pos());
            if (a != null && b != null && a.size() == b.size() && a.type() == i.type()) {
                Edits.replace(f, i, at.bswap(at.binary(i.op(), a.operand(0), b.operand(0)), a.size()));
                return true;
            }
            // the low half's field becomes the high bytes: only it must have no bits above 16
            if (i.op() == Op.OR && i.type() == Type.I32 && b != null && b.size() == 2
                    && i.operand(side) instanceof Instruction shl && shl.op() == Op.SHL && uses.get(shl) == 1
                    && shl.operand(1) instanceof Constant n && n.value() == 16 && (a = singleUseSwap(shl.operand(0), uses)) != null
                    && a.size() == 2 && Bits.onlyLowBytes(a.operand(0), 2)) {
                Edits.replace(f, i, at.bswap(at.or(at.shl(b.operand(0), n), a.operand(0)), 4));
                return true;
            }
        }
        return false;
    }

    private static Instruction singleUseSwap(Value v, Map<Value, Integer> uses) {
        return v instanceof Instruction s && s.op() == Op.BSWAP && uses.get(s) == 1 ? s : null;
    }

    /** The low {@code size} bytes of {@code value} in the other order. */
    private static long swapped(long value, int size) {
        return Long.reverseBytes(value) >>> (64 - 8 * size);
    }

    /**
     * Every use of {@code v}, directly or through an extension, is an equality test against a
     * constant: once they all test the raw value, the swap goes. Where the swapped value is
     * needed anyway (a port tested, then stored as a map key), testing it instead of the raw one
     * keeps one value live, not two.
     */
    private static boolean onlyTested(Value v, Map<Value, List<Instruction>> users) {
        for (Instruction u : users.getOrDefault(v, List.of())) {
            boolean tested = u.op() == Op.COND_BR && (u.cmp() == Cmp.EQ || u.cmp() == Cmp.NE)
                    && (u.operand(0) instanceof Constant || u.operand(1) instanceof Constant);
            if (!tested && !((u.op() == Op.ZEXT || u.op() == Op.SEXT) && onlyTested(u, users))) return false;
        }
        return true;
    }

    /**
     * {@code (y >>> s & m) == K} → {@code (y & m << s) == K << s} (either of the shift and the mask
     * may be absent), then through a swap of y: {@code (bswap(x) & M) == K} → {@code (x & bswap(M)) ==
     * bswap(K)}. Only where a swap or an instruction goes, and only for a K the field can equal.
     */
    private static boolean foldField(Function f, Instruction br, int side, Map<Value, Integer> uses) {
        Value v = br.operand(side);
        Type t = v.type();
        if (!t.isRegisterInteger()) return false;
        long width = JavaArithmetic.mask(t.size());
        long k = ((Constant) br.operand(1 - side)).value() & width;
        long mask = width;
        int removed = 0;
        Value y = v;
        if (y instanceof Instruction and && and.op() == Op.AND && and.operand(1) instanceof Constant m && uses.getOrDefault(and, 0) == 1) {
            mask = m.value() & width;
            y = and.operand(0);
            removed++;
        }
        if (y instanceof Instruction shift && (shift.op() == Op.LSHR || shift.op() == Op.ASHR) && shift.operand(1) instanceof Constant n
                && uses.getOrDefault(shift, 0) == 1) {
            int count = (int) (n.value() & (8 * t.size() - 1));
            Value shifted = shift.operand(0);
            boolean logical = shift.op() == Op.LSHR || (BitSimplification.possible(shifted, 0) & (1L << (8 * t.size() - 1))) == 0;
            if (!logical || count == 0 || (k & ~(width >>> count)) != 0) return false;
            mask = (mask & (width >>> count)) << count;
            k <<= count;
            y = shifted;
            removed++;
        }
        if ((k & ~mask) != 0) return false;     // never equal: leave it to folding
        // the mask keeps only swapped bytes, so x's bytes above them never count
        boolean swapGoes = y instanceof Instruction swap && swap.op() == Op.BSWAP && uses.getOrDefault(swap, 0) == 1
                && swap.operand(0).type() == t;
        if (swapGoes) {
            Instruction swap = (Instruction) y;
            long low = JavaArithmetic.mask(swap.size());
            if ((k & ~low) != 0) return false;
            mask = swapped(mask & low, swap.size());
            k = swapped(k, swap.size());
            y = swap.operand(0);
        } else if (removed < 2) {
            return false;
        }
        boolean masks = (BitSimplification.possible(y, 0) & ~mask) != 0;
        if (t == Type.I64 && (k != (int) k || masks && mask != (int) mask)) return false;     // immediates sign-extend
        Value tested = !masks ? y : FunctionBuilder.editing(f).positionBefore(br).at(br.pos()).and(y, Constant.of(t, mask));
        br.setOperand(side, tested);
        br.setOperand(1 - side, Constant.of(t, k));
        return true;
    }
}
