package org.bpf4j.compiler.ir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Well-formedness of the IR: block structure, phis matching predecessors, SSA dominance, the
 * rules each operation's {@link Signature} declares (operand and result types, sizes, targets),
 * and the null-test discipline of maybe-null pointers. Tests run it between passes;
 * {@link FunctionBuilder#build()} runs it once. Throws {@link IrException} naming the function,
 * block and instruction.
 */
public final class IrChecker {
    private final Function f;
    private final Dominators dom;
    private final Map<Block, List<Block>> preds;
    private final Map<Instruction, Integer> indexInBlock = new HashMap<>();

    private IrChecker(Function f) {
        this.f = f;
        checkStructure();
        this.preds = f.predecessors();
        this.dom = new Dominators(f);
    }

    public static void check(Module m) {
        for (Function fn : m.functions()) {
            check(fn);
            for (Instruction i : fn.instructions()) {
                if (i.op() == Op.MAP_ADDR && m.map(i.symbol()) == null) fail(fn, i, "map " + i.symbol() + " is not declared in the module");
                if (i.op() == Op.GLOBAL_ADDR) {
                    GlobalVar g = m.global(i.symbol());
                    if (g == null) fail(fn, i, "global " + i.symbol() + " is not declared in the module");
                    if (i.offset() < 0 || i.offset() >= g.type().size()) fail(fn, i, "offset " + i.offset() + " lies outside global " + g.name());
                }
                if (i.op() == Op.CALL) {
                    Function callee = m.function(i.symbol());
                    if (callee == null) fail(fn, i, "callee " + i.symbol() + " is not defined in the module");
                    if (callee.isProgram()) fail(fn, i, "callee " + i.symbol() + " is a program entry, not a subprogram");
                    if (callee.params().size() != i.operands().size()) fail(fn, i, "callee " + i.symbol() + " takes " + callee.params().size() + " arguments");
                }
            }
        }
    }

    public static void check(Function f) {
        new IrChecker(f).checkAll();
    }

    private void checkStructure() {
        if (f.blocks().isEmpty()) throw new IrException("function " + f.name() + " has no blocks");
        if (f.isProgram() && (f.params().size() != 1 || f.params().get(0).type() != Type.CTX)) {
            throw new IrException("program " + f.name() + " must take exactly one CTX parameter");
        }
        Set<Block> own = new HashSet<>(f.blocks());
        for (Block b : f.blocks()) {
            List<Instruction> ins = b.instructions();
            if (ins.isEmpty() || !ins.get(ins.size() - 1).isTerminator()) {
                throw new IrException(f.name() + ": block " + b.name() + " does not end in a terminator (br, cond_br, return)");
            }
            boolean phisDone = false;
            for (int k = 0; k < ins.size(); k++) {
                Instruction i = ins.get(k);
                indexInBlock.put(i, k);
                if (i.block() != b) fail(i, "is listed in block " + b.name() + " but records another block");
                if (i.isTerminator() && k != ins.size() - 1) fail(i, "terminator in the middle of block " + b.name());
                if (i instanceof Phi) {
                    if (phisDone) fail(i, "phi after a non-phi instruction");
                } else {
                    phisDone = true;
                }
                for (Block t : i.targets()) if (!own.contains(t)) fail(i, "branches to block " + t.name() + " outside the function");
            }
        }
    }

    private void checkAll() {
        for (Block b : f.blocks()) {
            for (Instruction i : b.instructions()) {
                checkOperandsDefined(i);
                checkSignature(i);
            }
            if (!dom.isReachable(b)) continue;
            for (Phi p : b.phis()) checkPhi(b, p);
            for (Instruction i : b.instructions()) {
                if (!(i instanceof Phi)) {
                    for (Value v : i.operands()) checkDominates(v, i, b, indexInBlock.get(i));
                }
                checkNullDiscipline(i);
            }
        }
    }

    private void checkOperandsDefined(Instruction i) {
        for (Value v : i.operands()) {
            if (v instanceof Param && (((Param) v).index() >= f.params().size() || f.params().get(((Param) v).index()) != v)) {
                fail(i, "uses " + v.ref() + ", a parameter of another function");
            }
            if (v instanceof Instruction) {
                Instruction d = (Instruction) v;
                if (d.block() == null || d.block().function() != f) fail(i, "uses " + d.ref() + ", which is not in this function");
                if (d.type() == Type.VOID) fail(i, "uses " + d.ref() + ", which defines no value");
            }
        }
    }

    private void checkPhi(Block b, Phi p) {
        List<Block> ps = preds.get(b);
        if (p.incomingBlocks().size() != ps.size() || !new HashSet<>(p.incomingBlocks()).equals(new HashSet<>(ps))) {
            fail(p, "has incoming blocks " + p.incomingBlocks() + " but block " + b.name() + " has predecessors " + ps);
        }
        for (int k = 0; k < p.operands().size(); k++) {
            Block from = p.incomingBlocks().get(k);
            Value v = p.operand(k);
            if (v.type() != p.type()) fail(p, "incoming " + v.ref() + " has type " + v.type() + ", phi has " + p.type());
            if (dom.isReachable(from)) checkDominates(v, p, from, Integer.MAX_VALUE);
        }
    }

    /** {@code v} must be available at position {@code index} of {@code block} (MAX_VALUE: its end). */
    private void checkDominates(Value v, Instruction user, Block block, int index) {
        if (!(v instanceof Instruction)) return;
        Instruction d = (Instruction) v;
        Block db = d.block();
        boolean ok = db == block ? indexInBlock.get(d) < index : dom.dominates(db, block);
        if (!ok) fail(user, "uses " + d.ref() + " where its definition in block " + db.name() + " does not dominate");
    }

    /** Maybe-null pointers may only be null-tested, merged by phis, or used where a test proved them non-null. */
    private void checkNullDiscipline(Instruction i) {
        for (Value v : i.operands()) {
            if (!v.type().isMaybeNull() || v instanceof Constant) continue;
            if (isNullTest(i, v) || i instanceof Phi) continue;
            if (!provenNonNull(v, i.block())) {
                fail(i, "uses maybe-null " + v.ref() + " (" + v.type() + ") without a dominating null test");
            }
        }
    }

    private static boolean isNullTest(Instruction i, Value v) {
        if (i.op() != Op.COND_BR || (i.cmp() != Cmp.EQ && i.cmp() != Cmp.NE)) return false;
        Value a = i.operand(0), b = i.operand(1);
        return (a == v && b instanceof Constant && ((Constant) b).isNull()) || (b == v && a instanceof Constant && ((Constant) a).isNull());
    }

    /** Some null test of {@code v} has a non-null successor with a single predecessor that dominates {@code use}. */
    private boolean provenNonNull(Value v, Block use) {
        for (Block b : f.blocks()) {
            Instruction t = b.terminator();
            if (t == null || !isNullTest(t, v) || t.targets().get(0) == t.targets().get(1)) continue;
            Block nonNull = t.targets().get(t.cmp() == Cmp.EQ ? 1 : 0);
            if (preds.get(nonNull).size() == 1 && dom.dominates(nonNull, use)) return true;
        }
        return false;
    }

    /** The rules {@link Op#signature()} declares for the instruction's operation. */
    private void checkSignature(Instruction i) {
        Signature s = i.op().signature();
        List<Value> o = i.operands();
        if (!s.arity().accepts(i, s.operands().size())) {
            fail(i, i.op() + " takes " + s.arity().expected(s.operands().size()) + " operands, has " + o.size());
        }
        for (int k = 0; k < o.size(); k++) {
            OperandKind kind = s.operand(k);
            if (!kind.accepts(o.get(k), i)) fail(i, "operand " + k + " (" + o.get(k).ref() + ") is " + o.get(k).type() + ", expected " + kind.expected(i));
        }
        if (!s.size().accepts(i.size())) fail(i, i.op() + " size must be " + s.size().allowed() + ", not " + i.size());
        if (!s.result().accepts(i)) fail(i, i.op() + " yields " + s.result().expected(i) + ", not " + i.type());
        if (i.targets().size() != s.targets()) fail(i, i.op() + " has " + s.targets() + " targets, not " + i.targets().size());
        if (s.needsSymbol() && (i.symbol() == null || i.symbol().isEmpty())) fail(i, i.op() + " needs a symbol");
        if (s.compares()) checkCompare(i);
        if (i.filledArg() >= 0 && (i.op() != Op.HELPER_CALL || i.filledArg() + 1 >= o.size())) {
            fail(i, "only a helper call fills an argument, one followed by its size");
        }
    }

    private void checkCompare(Instruction i) {
        if (i.cmp() == null) fail(i, i.op() + " needs a comparison");
        Type a = i.operand(0).type(), b = i.operand(1).type();
        if (a.isRegisterInteger() || b.isRegisterInteger()) {
            if (a != b) fail(i, "compares " + a + " with " + b);
            return;
        }
        boolean nullTest = (i.operand(0) instanceof Constant || i.operand(1) instanceof Constant) && a == b;
        boolean packetRange = (a == Type.PACKET || a == Type.PACKET_END) && (b == Type.PACKET || b == Type.PACKET_END);
        if (nullTest) {
            if (i.cmp() != Cmp.EQ && i.cmp() != Cmp.NE) fail(i, "null tests use EQ or NE");
        } else if (!packetRange && a != b) {
            fail(i, "compares pointers of different kinds " + a + " and " + b);
        }
    }

    private void fail(Instruction i, String what) {
        fail(f, i, what);
    }

    private static void fail(Function f, Instruction i, String what) {
        String where = i.block() == null ? "" : " in block " + i.block().name();
        throw new IrException(f.name() + where + ": " + IrPrinter.print(i) + ": " + what);
    }
}
