package org.bpf4j.compiler.opt;

import java.util.Map;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.JavaArithmetic;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * {@code (x op c1) op c2} → {@code x op (c1 op c2)} for an associative op (add, and, or, xor),
 * as Java's wrapping arithmetic allows: {@code ~check + ~from + to} of an RFC 1624 checksum
 * update with constant ports adds one constant. Only where {@code x op c1} has no other use, else
 * x would live on beside it; hence after {@link CommonSubexpressions}, which merges a header
 * offset {@code x + 8} with the {@code x + 8} of {@code x + 8 + 12}. A 64-bit constant must stay
 * an immediate.
 */
public final class ConstantReassociation implements Pass {
    @Override
    public boolean run(Function f) {
        boolean changed = false;
        Map<Value, Integer> uses = f.useCounts();
        for (Instruction i : f.instructions()) {
            Op op = i.op();
            if (op != Op.ADD && op != Op.AND && op != Op.OR && op != Op.XOR || !(i.operand(1) instanceof Constant c2)
                    || !(i.operand(0) instanceof Instruction inner) || inner.op() != op || !(inner.operand(1) instanceof Constant c1)
                    || uses.getOrDefault(inner, 0) != 1) {
                continue;
            }
            Constant c = Constant.of(i.type(), JavaArithmetic.evaluate(op, c1.value(), c2.value(), i.type() == Type.I32));
            if (!c.fitsImm32()) continue;
            i.setOperand(0, inner.operand(0));
            i.setOperand(1, c);
            changed = true;
        }
        return changed;
    }
}
