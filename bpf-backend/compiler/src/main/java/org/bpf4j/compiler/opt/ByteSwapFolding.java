package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Value;

/**
 * {@code bswap(x) == K} → {@code x == bswap(K)}: network-order fields are compared raw against a
 * swapped constant (as C's {@code h_proto != bpf_htons(ETH_P_IP)}), also through the zero or
 * sign extension of {@code Short.reverseBytes}/{@code Short.toUnsignedInt}. Only equality tests,
 * and only where {@code x} has no bits above the swapped bytes.
 */
public final class ByteSwapFolding implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        for (Instruction br : f.instructions()) {
            if (br.op() != Op.COND_BR || (br.cmp() != Cmp.EQ && br.cmp() != Cmp.NE)) continue;
            for (int side = 0; side < 2; side++) {
                if (br.operand(1 - side) instanceof Constant && fold(br, side)) {
                    changed = true;
                    break;
                }
            }
        }
        return changed;
    }

    private static boolean fold(Instruction br, int side) {
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
        if (!Bits.onlyLowBytes(x, swap.size())) return false;
        if ((c & ~JavaArithmetic.mask(swap.size())) != 0) return false;
        long swapped = Long.reverseBytes(c) >>> (64 - 8 * swap.size());
        br.setOperand(side, x);
        br.setOperand(1 - side, Constant.of(x.type(), swapped));
        return true;
    }
}
