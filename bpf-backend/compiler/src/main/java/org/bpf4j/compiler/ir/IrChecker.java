package org.bpf4j.compiler.ir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Well-formedness of the IR: block structure, phis matching predecessors, SSA dominance,
 * operand types per operation, and the null-test discipline of maybe-null pointers. Tests run it
 * between passes; {@link FunctionBuilder#build()} runs it once. Throws {@link IrException} naming
 * the function, block and instruction.
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
                checkTypes(i);
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

    private void checkTypes(Instruction i) {
        Op op = i.op();
        List<Value> o = i.operands();
        switch (op) {
            case ADD: case SUB: case MUL: case SDIV: case UDIV: case SREM: case UREM: case AND: case OR: case XOR:
            case SHL: case ASHR: case LSHR:
                arity(i, 2);
                if (!i.type().isRegisterInteger()) fail(i, "arithmetic result must be I32 or I64");
                for (Value v : o) if (v.type() != i.type()) fail(i, "operand " + v.ref() + " is " + v.type() + ", expected " + i.type());
                break;
            case NEG:
                arity(i, 1);
                if (!i.type().isRegisterInteger() || o.get(0).type() != i.type()) fail(i, "NEG needs an I32 or I64 operand of the result type");
                break;
            case SEXT: case ZEXT:
                arity(i, 1);
                if (!i.type().isRegisterInteger() || !o.get(0).type().isRegisterInteger()) fail(i, op + " converts between I32 and I64");
                if (i.size() != 1 && i.size() != 2 && i.size() != 4) fail(i, op + " width must be 1, 2 or 4 bytes");
                if (i.size() > o.get(0).type().size() || i.size() > i.type().size()) fail(i, op + " of " + i.size() + " bytes does not fit " + o.get(0).type() + " → " + i.type());
                break;
            case TRUNC:
                arity(i, 1);
                if (o.get(0).type() != Type.I64) fail(i, "TRUNC takes an I64");
                break;
            case BSWAP:
                arity(i, 1);
                if (i.size() != 2 && i.size() != 4 && i.size() != 8) fail(i, "BSWAP width must be 2, 4 or 8 bytes");
                if (!o.get(0).type().isRegisterInteger() || o.get(0).type().size() < i.size()) fail(i, "BSWAP of " + i.size() + " bytes needs a wide enough integer");
                break;
            case COPY:
                arity(i, 1);
                if (o.get(0).type() != i.type() && o.get(0).type().nonNull() != i.type()) fail(i, "COPY cannot turn " + o.get(0).type() + " into " + i.type());
                break;
            case PHI:
                break;
            case CTX_LOAD:
                arity(i, 1);
                expect(i, 0, Type.CTX);
                accessSize(i);
                if (!(i.type().isRegisterInteger() || i.type() == Type.PACKET || i.type() == Type.PACKET_END)) fail(i, "CTX_LOAD yields I32, I64, PACKET or PACKET_END");
                if (i.size() > i.type().size()) fail(i, "CTX_LOAD of " + i.size() + " bytes does not fit " + i.type());
                break;
            case CTX_STORE:
                arity(i, 2);
                expect(i, 0, Type.CTX);
                accessSize(i);
                integer(i, 1);
                break;
            case PACKET_HEADER:
                arity(i, 3);
                if (o.get(0).type() != Type.PACKET && o.get(0).type() != Type.PACKET_OR_NULL) fail(i, "PACKET_HEADER base must be a packet pointer");
                integer(i, 1);
                expect(i, 2, Type.PACKET_END);
                if (i.size() <= 0) fail(i, "PACKET_HEADER size must be positive");
                break;
            case PTR_ADD:
                arity(i, 2);
                pointer(i, 0);
                integer(i, 1);
                if (i.type() != o.get(0).type().nonNull()) fail(i, "PTR_ADD keeps the pointer kind " + o.get(0).type().nonNull());
                break;
            case LOAD:
                arity(i, 1);
                pointer(i, 0);
                accessSize(i);
                if (!i.type().isRegisterInteger() || i.size() > i.type().size()) fail(i, "LOAD of " + i.size() + " bytes cannot yield " + i.type());
                break;
            case STORE:
                arity(i, 2);
                pointer(i, 0);
                accessSize(i);
                if (!o.get(1).type().isRegisterInteger() && !(i.size() == 8 && o.get(1).type().isPointer())) fail(i, "STORE stores an integer (or an 8-byte pointer)");
                break;
            case STACK_ALLOC:
                arity(i, 0);
                if (i.size() <= 0 || i.size() > 512) fail(i, "STACK_ALLOC of " + i.size() + " bytes; the BPF stack holds 512");
                break;
            case MAP_ADDR: case GLOBAL_ADDR:
                arity(i, 0);
                if (i.symbol() == null || i.symbol().isEmpty()) fail(i, op + " needs a symbol");
                break;
            case ATOMIC:
                arity(i, i.atomic() == AtomicKind.CMPXCHG ? 3 : 2);
                pointer(i, 0);
                if (i.size() != 4 && i.size() != 8) fail(i, "atomics are 4 or 8 bytes");
                for (int k = 1; k < o.size(); k++) {
                    if (o.get(k).type() != (i.size() == 4 ? Type.I32 : Type.I64)) fail(i, "atomic operand " + o.get(k).ref() + " must be " + (i.size() == 4 ? "I32" : "I64"));
                }
                break;
            case MAP_LOOKUP: case MAP_DELETE:
                arity(i, 2);
                expect(i, 0, Type.MAP_HANDLE);
                pointer(i, 1);
                break;
            case MAP_UPDATE:
                arity(i, 4);
                expect(i, 0, Type.MAP_HANDLE);
                pointer(i, 1);
                pointer(i, 2);
                expect(i, 3, Type.I64);
                break;
            case HELPER_CALL: case CALL:
                if (o.size() > 5) fail(i, "calls take at most 5 arguments");
                for (int k = 0; k < o.size(); k++) {
                    if (o.get(k).type() == Type.I32 && op == Op.HELPER_CALL) fail(i, "helper argument " + k + " is I32; widen it to I64 (SEXT/ZEXT)");
                }
                if (op == Op.HELPER_CALL && (i.type() == Type.I32 || i.type() == Type.I8 || i.type() == Type.I16)) {
                    fail(i, "helpers return 64 bits: declare the result I64 and TRUNC it");
                }
                if (op == Op.CALL && i.symbol() == null) fail(i, "CALL needs a callee");
                break;
            case TAIL_CALL:
                arity(i, 3);
                expect(i, 0, Type.CTX);
                expect(i, 1, Type.MAP_HANDLE);
                integer(i, 2);
                break;
            case BR:
                arity(i, 0);
                if (i.targets().size() != 1) fail(i, "BR has one target");
                break;
            case COND_BR:
                arity(i, 2);
                if (i.targets().size() != 2) fail(i, "COND_BR has two targets");
                if (i.cmp() == null) fail(i, "COND_BR needs a comparison");
                checkCompare(i);
                break;
            case RETURN:
                if (f.returnType() == Type.VOID ? !o.isEmpty() : o.size() != 1 || o.get(0).type() != f.returnType()) {
                    fail(i, "function returns " + f.returnType() + " but RETURN has " + o);
                }
                break;
            default:
                fail(i, "unknown operation");
        }
    }

    private void checkCompare(Instruction i) {
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

    private void arity(Instruction i, int n) {
        if (i.operands().size() != n) fail(i, i.op() + " takes " + n + " operands, has " + i.operands().size());
    }

    private void expect(Instruction i, int k, Type t) {
        if (i.operand(k).type() != t) fail(i, "operand " + k + " (" + i.operand(k).ref() + ") is " + i.operand(k).type() + ", expected " + t);
    }

    private void integer(Instruction i, int k) {
        if (!i.operand(k).type().isRegisterInteger()) fail(i, "operand " + k + " (" + i.operand(k).ref() + ") must be I32 or I64");
    }

    private void pointer(Instruction i, int k) {
        if (!i.operand(k).type().isDereferenceable()) fail(i, "operand " + k + " (" + i.operand(k).ref() + ") is " + i.operand(k).type() + ", not a pointer to memory");
    }

    private void accessSize(Instruction i) {
        int s = i.size();
        if (s != 1 && s != 2 && s != 4 && s != 8) fail(i, "access size must be 1, 2, 4 or 8 bytes, not " + s);
    }

    private void fail(Instruction i, String what) {
        fail(f, i, what);
    }

    private static void fail(Function f, Instruction i, String what) {
        String where = i.block() == null ? "" : " in block " + i.block().name();
        throw new IrException(f.name() + where + ": " + IrPrinter.print(i) + ": " + what);
    }
}
