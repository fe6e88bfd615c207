package org.bpf4j.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One IR instruction; its result is the instruction itself (type {@link Type#VOID} when it
 * defines nothing). Which operands and attributes an operation uses is documented on
 * {@link Op}; unused attributes are 0/false/null. Create instructions with a
 * {@link FunctionBuilder}; passes may rewrite operands and targets in place.
 */
public class Instruction extends Value {
    private final Op op;
    private final int id;
    private final List<Value> operands;
    private final int offset;
    private final int size;
    private final boolean signExtends;
    private final boolean zeroed;
    private final boolean fetches;
    private final int helperId;
    private final boolean changesPacket;
    private final int filledArg;
    private final boolean removable;
    private final boolean takesLock;
    private final String symbol;
    private Cmp cmp;
    private final AtomicKind atomic;
    private final CoreAccess core;
    private final List<Block> targets;
    private final SourcePos pos;
    Block block;

    Instruction(int id, Op op, Type type, List<Value> operands, Attrs attrs, List<Block> targets, SourcePos pos) {
        super(type);
        this.id = id;
        this.op = Objects.requireNonNull(op);
        for (Value v : operands) Objects.requireNonNull(v, () -> op + ": null operand");
        this.operands = new ArrayList<>(operands);
        this.offset = attrs.offset;
        this.size = attrs.size;
        this.signExtends = attrs.signExtends;
        this.zeroed = attrs.zeroed;
        this.fetches = attrs.fetches;
        this.helperId = attrs.helperId;
        this.changesPacket = attrs.changesPacket;
        this.filledArg = attrs.filledArg;
        this.removable = attrs.removable;
        this.takesLock = attrs.takesLock;
        this.symbol = attrs.symbol;
        this.cmp = attrs.cmp;
        this.atomic = attrs.atomic;
        this.core = attrs.core;
        this.targets = new ArrayList<>(targets);
        this.pos = pos;
    }

    /** Attribute bundle used by the builder; see {@link Op} for which are meaningful. */
    static final class Attrs {
        int offset;
        int size;
        boolean signExtends;
        boolean zeroed;
        boolean fetches;
        int helperId;
        boolean changesPacket;
        int filledArg = -1;
        boolean removable;
        boolean takesLock;
        String symbol;
        Cmp cmp;
        AtomicKind atomic;
        CoreAccess core;
    }

    public Op op() { return op; }

    /** Unique within the function; stable across passes. */
    public int id() { return id; }

    public List<Value> operands() { return Collections.unmodifiableList(operands); }

    public Value operand(int i) {
        if (i < 0 || i >= operands.size()) throw new IrException(op + " %" + id + " has no operand " + i);
        return operands.get(i);
    }

    public void setOperand(int i, Value v) {
        operand(i);
        operands.set(i, Objects.requireNonNull(v));
    }

    /** Replaces every use of {@code from} among the operands by {@code to}; true if any changed. */
    public boolean replaceOperand(Value from, Value to) {
        boolean changed = false;
        for (int i = 0; i < operands.size(); i++) {
            if (operands.get(i) == from) {
                operands.set(i, to);
                changed = true;
            }
        }
        return changed;
    }

    void addOperandInternal(Value v) { operands.add(v); }

    void removeOperandInternal(int i) { operands.remove(i); }

    /** CTX/LOAD/STORE/ATOMIC/GLOBAL_ADDR/CORE_LOAD byte offset; CORE_VALUE local value. */
    public int offset() { return offset; }

    /** Access size in bytes (1, 2, 4, 8), STACK_ALLOC size, PACKET_HEADER size, SEXT/ZEXT/BSWAP width. */
    public int size() { return size; }

    /** LOAD: the loaded bytes are sign-extended to the result type (else zero-extended). */
    public boolean signExtends() { return signExtends; }

    /** STACK_ALLOC: the slot is zeroed before first use. */
    public boolean zeroed() { return zeroed; }

    /** ATOMIC: the result is the old value (else the atomic defines nothing). */
    public boolean fetches() { return fetches; }

    /** HELPER_CALL, MAP_LOOKUP, MAP_UPDATE, MAP_DELETE, TAIL_CALL: the helper number ({@code BPF_FUNC_*}). */
    public int helperId() { return helperId; }

    /**
     * HELPER_CALL, CALL: the callee may move the packet (a {@code changesPacket} helper, or a
     * subprogram calling one), so {@code data}/{@code data_end} must be read again after it.
     */
    public boolean changesPacket() { return changesPacket; }

    /**
     * HELPER_CALL: the operand pointing to memory the helper writes entirely, on every outcome,
     * for as many bytes as the next operand says; -1 when the helper writes no such argument.
     */
    public int filledArg() { return filledArg; }

    /** HELPER_CALL: the helper changes nothing anyone can observe, so a call whose result is unused may go. */
    public boolean removable() { return removable; }

    /** HELPER_CALL: the helper takes a lock the program must release (no global call until then). */
    public boolean takesLock() { return takesLock; }

    /** Whether the instruction must stay even when its result is unused. */
    public boolean hasSideEffects() { return op.hasSideEffects() && !removable; }

    /** MAP_ADDR map name, GLOBAL_ADDR variable name, CALL callee name. */
    public String symbol() { return symbol; }

    public Cmp cmp() { return cmp; }

    /** Changes a COND_BR's comparison (branch simplification). */
    public void setCmp(Cmp cmp) {
        if (op != Op.COND_BR) throw new IrException("only COND_BR has a comparison, not " + op);
        this.cmp = Objects.requireNonNull(cmp);
    }

    public AtomicKind atomic() { return atomic; }

    /** CORE_VALUE, CORE_LOAD: the CO-RE relocation the loader applies. */
    public CoreAccess core() { return core; }

    /** Branch targets: BR (dest), COND_BR (ifTrue, ifFalse). */
    public List<Block> targets() { return Collections.unmodifiableList(targets); }

    public void setTarget(int i, Block b) {
        if (i < 0 || i >= targets.size()) throw new IrException(op + " %" + id + " has no target " + i);
        targets.set(i, Objects.requireNonNull(b));
    }

    public SourcePos pos() { return pos; }

    /** The block holding this instruction, or null once removed. */
    public Block block() { return block; }

    public boolean isTerminator() { return op.isTerminator(); }

    @Override
    public String ref() { return "%" + id; }

    @Override
    public String toString() { return IrPrinter.print(this); }
}
