package org.bpf4j.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link Function} instruction by instruction; passes also use it to insert new
 * instructions into an existing function ({@link #editing(Function)}).
 *
 * <pre>{@code
 * FunctionBuilder b = FunctionBuilder.program("xdp_blocklist", "xdp", Type.I32);   // param 0: CTX
 * Value ctx = b.param(0);
 * Block pass = b.newBlock("pass");
 * b.at(new SourcePos("Firewall.java", 12, 9, "    EthHdr eth = ctx.header(0, EthHdr.class);"));
 * Value data = b.ctxLoad(Type.PACKET, ctx, 0, 4);
 * Value end = b.ctxLoad(Type.PACKET_END, ctx, 4, 4);
 * Value eth = b.packetHeader(data, Constant.i64(0), 14, end);     // PACKET_OR_NULL
 * Block ok = b.newBlock("eth_ok");
 * b.condBr(Cmp.EQ, eth, Constant.nullOf(Type.PACKET_OR_NULL), pass, ok);
 * b.setBlock(ok);
 * Value proto = b.load(Type.I32, eth, 12, 2, false);              // eth is known non-null here
 * ...
 * b.setBlock(pass);
 * b.ret(Constant.i32(2));
 * Function f = b.build();                                         // checks the IR
 * }</pre>
 *
 * <p>Rules the checker enforces: every block ends in exactly one terminator (BR, COND_BR,
 * RETURN); phis come first in a block and have one incoming value per predecessor; every use
 * is dominated by its definition; operand types match (both operands of arithmetic have the
 * result type; use TRUNC/SEXT/ZEXT to convert); maybe-null pointers are used only by null tests
 * and, after a null test, in blocks dominated by its non-null edge; LOAD/STORE/ATOMIC go through
 * STACK, MAP_VALUE, MEM or a null-tested PACKET_OR_NULL pointer. Instructions take the source
 * position last given to {@link #at(SourcePos)}.
 */
public final class FunctionBuilder {
    private final Function function;
    private Block current;
    private Instruction insertBefore;
    private SourcePos pos;

    private FunctionBuilder(Function function) {
        this.function = function;
    }

    /**
     * A program entry in ELF section {@code section} (libbpf's naming: {@code xdp}, {@code tc},
     * {@code cgroup/connect4}, {@code tracepoint/sched/sched_process_exec}, ...), whose single
     * parameter is the context; the entry block is current.
     */
    public static FunctionBuilder program(String name, String section, Type returnType) {
        FunctionBuilder b = new FunctionBuilder(new Function(name, section, true, List.of(Type.CTX), returnType));
        b.current = b.function.addBlock("entry");
        return b;
    }

    /** A BPF-to-BPF subprogram (section {@code .text}); the entry block is current. */
    public static FunctionBuilder subprogram(String name, Type returnType, Type... paramTypes) {
        FunctionBuilder b = new FunctionBuilder(new Function(name, ".text", false, Arrays.asList(paramTypes), returnType));
        b.current = b.function.addBlock("entry");
        return b;
    }

    /** A builder over an existing function, for passes; position it with {@link #setBlock} or {@link #positionBefore}. */
    public static FunctionBuilder editing(Function function) {
        return new FunctionBuilder(function);
    }

    public Function function() { return function; }

    public Param param(int i) { return function.param(i); }

    /** A new, empty block (appended to the function's block list). */
    public Block newBlock(String name) {
        return function.addBlock(name + "." + function.blocks().size());
    }

    /** Appends subsequent instructions to the end of {@code block}. */
    public FunctionBuilder setBlock(Block block) {
        if (block.function() != function) throw new IrException("block " + block.name() + " belongs to another function");
        this.current = block;
        this.insertBefore = null;
        return this;
    }

    /** Inserts subsequent instructions right before {@code i}. */
    public FunctionBuilder positionBefore(Instruction i) {
        if (i.block() == null || i.block().function() != function) throw new IrException(i.ref() + " is not in function " + function.name());
        this.current = i.block();
        this.insertBefore = i;
        return this;
    }

    public Block currentBlock() { return current; }

    /** True when the current block already ends in a terminator (code after return/break is dead). */
    public boolean isTerminated() { return current.isTerminated(); }

    /** Source position for the instructions that follow (null: none). */
    public FunctionBuilder at(SourcePos pos) {
        this.pos = pos;
        return this;
    }

    /** Checks the function ({@link IrChecker}) and returns it. */
    public Function build() {
        IrChecker.check(function);
        return function;
    }

    // ---------------------------------------------------------------- arithmetic

    /** {@code a op b} for ADD..LSHR; result type = operand type (I32 or I64). */
    public Value binary(Op op, Value a, Value b) {
        if (!op.isBinaryArithmetic()) throw new IrException(op + " is not a binary arithmetic op");
        return emit(op, a.type(), List.of(a, b), new Instruction.Attrs());
    }

    public Value add(Value a, Value b) { return binary(Op.ADD, a, b); }

    public Value sub(Value a, Value b) { return binary(Op.SUB, a, b); }

    public Value mul(Value a, Value b) { return binary(Op.MUL, a, b); }

    public Value and(Value a, Value b) { return binary(Op.AND, a, b); }

    public Value or(Value a, Value b) { return binary(Op.OR, a, b); }

    public Value xor(Value a, Value b) { return binary(Op.XOR, a, b); }

    public Value shl(Value a, Value count) { return binary(Op.SHL, a, count); }

    public Value ashr(Value a, Value count) { return binary(Op.ASHR, a, count); }

    public Value lshr(Value a, Value count) { return binary(Op.LSHR, a, count); }

    public Value neg(Value a) { return emit(Op.NEG, a.type(), List.of(a), new Instruction.Attrs()); }

    /** Sign-extends the low {@code fromBytes} (1, 2, 4) bytes of {@code a} to {@code to} (I32/I64). */
    public Value sext(Value a, int fromBytes, Type to) { return cast(Op.SEXT, a, fromBytes, to); }

    /** Zero-extends the low {@code fromBytes} (1, 2, 4) bytes of {@code a} to {@code to} (I32/I64). */
    public Value zext(Value a, int fromBytes, Type to) { return cast(Op.ZEXT, a, fromBytes, to); }

    /** The low 32 bits of an I64. */
    public Value trunc(Value a) { return emit(Op.TRUNC, Type.I32, List.of(a), new Instruction.Attrs()); }

    /** Reverses the low {@code bytes} (2, 4, 8) bytes; result I32 for 2 and 4, I64 for 8, upper bits zero. */
    public Value bswap(Value a, int bytes) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.size = bytes;
        return emit(Op.BSWAP, bytes == 8 ? Type.I64 : Type.I32, List.of(a), at);
    }

    private Value cast(Op op, Value a, int fromBytes, Type to) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.size = fromBytes;
        return emit(op, to, List.of(a), at);
    }

    /** The same value as {@code a}, typed {@code type} (e.g. a null-tested pointer's non-null kind). */
    public Value copy(Value a, Type type) { return emit(Op.COPY, type, List.of(a), new Instruction.Attrs()); }

    /** A phi of {@code type} at the start of the current block; add incoming values afterwards. */
    public Phi phi(Type type) {
        Phi p = new Phi(function.nextId(), type, pos);
        insertPhi(p);
        return p;
    }

    private void insertPhi(Phi p) {
        List<Instruction> ins = current.instructions();
        int n = current.phis().size();
        if (n < ins.size()) current.insertBefore(ins.get(n), p);
        else current.append(p);
    }

    // ---------------------------------------------------------------- memory

    /** Reads {@code size} bytes of the context at {@code offset}; {@code type} I32/I64, PACKET or PACKET_END. */
    public Value ctxLoad(Type type, Value ctx, int offset, int size) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.offset = offset;
        at.size = size;
        return emit(Op.CTX_LOAD, type, List.of(ctx), at);
    }

    public void ctxStore(Value ctx, int offset, int size, Value value) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.offset = offset;
        at.size = size;
        emit(Op.CTX_STORE, Type.VOID, List.of(ctx, value), at);
    }

    /**
     * {@code ctx.header(offset, T)}: {@code base + offset} if {@code size} bytes from there lie before
     * {@code end}, else null (PACKET_OR_NULL). {@code offset} is an integer value (often a constant).
     */
    public Value packetHeader(Value base, Value offset, int size, Value end) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.size = size;
        return emit(Op.PACKET_HEADER, Type.PACKET_OR_NULL, List.of(base, offset, end), at);
    }

    /** {@code ptr + offset} for a non-null pointer (PACKET, STACK, MAP_VALUE, MEM); result has ptr's kind. */
    public Value ptrAdd(Value ptr, Value offset) {
        return emit(Op.PTR_ADD, ptr.type().nonNull(), List.of(ptr, offset), new Instruction.Attrs());
    }

    /** Loads {@code size} bytes at {@code ptr + offset}, sign- or zero-extended to {@code type} (I32/I64). */
    public Value load(Type type, Value ptr, int offset, int size, boolean signed) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.offset = offset;
        at.size = size;
        at.signExtends = signed;
        return emit(Op.LOAD, type, List.of(ptr), at);
    }

    /** A value known at load: {@code localValue} here, the kernel's once the loader applies {@code core}. */
    public Value coreValue(Type type, CoreAccess core, long localValue) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.core = core;
        at.offset = (int) localValue;
        return emit(Op.CORE_VALUE, type, List.of(), at);
    }

    /** Loads {@code size} bytes of a kernel member through BTF-typed {@code ptr}; {@code core} relocates the local {@code offset}. */
    public Value coreLoad(Type type, Value ptr, CoreAccess core, int offset, int size, boolean signed) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.core = core;
        at.offset = offset;
        at.size = size;
        at.signExtends = signed;
        return emit(Op.CORE_LOAD, type, List.of(ptr), at);
    }

    /** Stores the low {@code size} bytes of {@code value} at {@code ptr + offset}. */
    public void store(Value ptr, int offset, int size, Value value) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.offset = offset;
        at.size = size;
        emit(Op.STORE, Type.VOID, List.of(ptr, value), at);
    }

    /** {@code size} bytes of stack (a struct or array local), zeroed when {@code zeroInit}. */
    public Value stackAlloc(int size, boolean zeroInit) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.size = size;
        at.zeroed = zeroInit;
        return emit(Op.STACK_ALLOC, Type.STACK, List.of(), at);
    }

    /** The map named {@code mapName} (must be declared in the module). */
    public Value mapAddr(String mapName) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.symbol = mapName;
        return emit(Op.MAP_ADDR, Type.MAP_HANDLE, List.of(), at);
    }

    /** Address of global variable {@code name} plus {@code offset}. */
    public Value globalAddr(String name, int offset) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.symbol = name;
        at.offset = offset;
        return emit(Op.GLOBAL_ADDR, Type.MAP_VALUE, List.of(), at);
    }

    /** Atomic {@code kind} of {@code value} on {@code size} (4/8) bytes at {@code ptr + offset}; returns the old value when {@code fetch}, else null. */
    public Value atomic(AtomicKind kind, Value ptr, int offset, int size, Value value, boolean fetch) {
        if (kind == AtomicKind.CMPXCHG) throw new IrException("use cmpxchg(...) for CMPXCHG");
        if (kind == AtomicKind.XCHG && !fetch) throw new IrException("XCHG always fetches");
        Instruction.Attrs at = new Instruction.Attrs();
        at.atomic = kind;
        at.offset = offset;
        at.size = size;
        at.fetches = fetch;
        Value r = emit(Op.ATOMIC, fetch ? value.type() : Type.VOID, List.of(ptr, value), at);
        return fetch ? r : null;
    }

    /** Compare-and-exchange; returns the old value. */
    public Value cmpxchg(Value ptr, int offset, int size, Value expected, Value newValue) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.atomic = AtomicKind.CMPXCHG;
        at.offset = offset;
        at.size = size;
        at.fetches = true;
        return emit(Op.ATOMIC, expected.type(), List.of(ptr, expected, newValue), at);
    }

    // ---------------------------------------------------------------- calls

    /** {@code bpf_map_lookup_elem}, helper {@code helperId}. */
    public Value mapLookup(int helperId, Value map, Value key) {
        return emit(Op.MAP_LOOKUP, Type.MAP_VALUE_OR_NULL, List.of(map, key), helper(helperId));
    }

    /** {@code bpf_map_update_elem}, helper {@code helperId}. */
    public Value mapUpdate(int helperId, Value map, Value key, Value value, Value flags) {
        return emit(Op.MAP_UPDATE, Type.I64, List.of(map, key, value, flags), helper(helperId));
    }

    /** {@code bpf_map_delete_elem}, helper {@code helperId}. */
    public Value mapDelete(int helperId, Value map, Value key) {
        return emit(Op.MAP_DELETE, Type.I64, List.of(map, key), helper(helperId));
    }

    /** Helper {@code id} with up to 5 arguments (I64 or pointers); {@code returnType} I64, a pointer kind or VOID. */
    public Value helperCall(int id, Type returnType, Value... args) {
        return helperCall(id, HelperTraits.NONE, returnType, args);
    }

    /** Helper {@code id}, which may move the packet when {@code changesPacket}. */
    public Value helperCall(int id, boolean changesPacket, Type returnType, Value... args) {
        return helperCall(id, new HelperTraits(changesPacket, -1, false, false), returnType, args);
    }

    /** Helper {@code id} that writes all bytes of {@code args[filledArg]}, as many as {@code args[filledArg + 1]}, on every outcome. */
    public Value helperCall(int id, int filledArg, Type returnType, Value... args) {
        return helperCall(id, new HelperTraits(false, filledArg, false, false), returnType, args);
    }

    /** Helper {@code id} as its declaration describes it. */
    public Value helperCall(int id, HelperTraits traits, Type returnType, Value... args) {
        Instruction.Attrs at = helper(id);
        at.changesPacket = traits.changesPacket();
        at.filledArg = traits.filledArg();
        at.removable = traits.removable();
        at.takesLock = traits.takesLock();
        return emit(Op.HELPER_CALL, returnType, Arrays.asList(args), at);
    }

    private static Instruction.Attrs helper(int id) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.helperId = id;
        return at;
    }

    /** BPF-to-BPF call of subprogram {@code callee} (defined in the same module). */
    public Value call(String callee, Type returnType, Value... args) {
        return call(callee, false, returnType, args);
    }

    /** BPF-to-BPF call of {@code callee}, which may move the packet when {@code changesPacket}. */
    public Value call(String callee, boolean changesPacket, Type returnType, Value... args) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.symbol = callee;
        at.changesPacket = changesPacket;
        return emit(Op.CALL, returnType, Arrays.asList(args), at);
    }

    /** {@code bpf_tail_call(ctx, progArray, index)}, helper {@code helperId}; execution continues here only if it fails. */
    public void tailCall(int helperId, Value ctx, Value progArray, Value index) {
        emit(Op.TAIL_CALL, Type.VOID, List.of(ctx, progArray, index), helper(helperId));
    }

    // ---------------------------------------------------------------- terminators

    public void br(Block target) {
        emitTerminator(Op.BR, List.of(), null, List.of(target));
    }

    /** {@code if (a cmp b) goto ifTrue else goto ifFalse}; 32-bit compare for I32 operands. */
    public void condBr(Cmp cmp, Value a, Value b, Block ifTrue, Block ifFalse) {
        emitTerminator(Op.COND_BR, List.of(a, b), cmp, List.of(ifTrue, ifFalse));
    }

    /** Returns {@code value} (null for a VOID function). */
    public void ret(Value value) {
        emitTerminator(Op.RETURN, value == null ? List.of() : List.of(value), null, List.of());
    }

    private void emitTerminator(Op op, List<Value> operands, Cmp cmp, List<Block> targets) {
        Instruction.Attrs at = new Instruction.Attrs();
        at.cmp = cmp;
        place(new Instruction(function.nextId(), op, Type.VOID, operands, at, targets, pos));
    }

    private Value emit(Op op, Type type, List<Value> operands, Instruction.Attrs attrs) {
        Instruction i = new Instruction(function.nextId(), op, type, operands, attrs, List.of(), pos);
        place(i);
        return i;
    }

    private void place(Instruction i) {
        if (current == null) throw new IrException("no current block: call setBlock first");
        if (insertBefore != null) current.insertBefore(insertBefore, i);
        else current.append(i);
    }
}
