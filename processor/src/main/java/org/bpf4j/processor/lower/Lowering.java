package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.isa.BpfStack;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.processor.lower.source.CompileError;
import org.bpf4j.processor.lower.source.ConstantValues;
import org.bpf4j.processor.lower.source.SourcePositions;
import org.bpf4j.processor.lower.source.TypedTrees;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.ProgramDecl;

/**
 * The state of lowering one program: the function being built, the methods inlined into it
 * (frames), the targets of {@code break}/{@code continue} and the stack bytes allocated so far.
 * The statement, expression and call lowerers all work on it.
 */
final class Lowering {
    private final TypedTrees typed;
    private final ConstantValues constants;
    private final SourcePositions positions;
    private final ClassSymbols symbols;
    private final ProgramDecl program;
    private final ControlFlow flow;
    private final FunctionBuilder builder;
    private final Expressions expressions;
    private final Conditions conditions;
    private final Places places;
    private final Statements statements;
    private final Calls calls;
    private final Memory memory;
    private final Subprograms subprograms;
    private final KernelAccess kernel;
    /** The program or subprogram being built, for messages. */
    private final String functionName;

    /** The reserve() call of each ring buffer record, for messages about unreleased records. */
    private final Map<Value, Tree> reservations = new HashMap<>();
    private final Map<Site, Value> slots = new HashMap<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Deque<JumpTarget> jumps = new ArrayDeque<>();
    private int nextFrameId;
    private int stackBytes;
    /** The deepest stack of the BPF functions called so far, counted with the functions they call. */
    private int calleeStack;

    /**
     * Lowers into {@code builder}: a program's function or, for a {@link Subprograms subprogram},
     * one its first caller {@code program} calls.
     */
    Lowering(TypedTrees typed, SourcePositions positions, ClassSymbols symbols, ProgramDecl program, FunctionBuilder builder,
             Subprograms subprograms, String functionName) {
        this.typed = typed;
        this.subprograms = subprograms;
        this.functionName = functionName;
        this.constants = new ConstantValues(typed);
        this.positions = positions;
        this.symbols = symbols;
        this.program = program;
        this.builder = builder;
        this.flow = new ControlFlow(builder);
        this.memory = new Memory(this);
        this.expressions = new Expressions(this);
        this.conditions = new Conditions(this);
        this.places = new Places(this);
        this.calls = new Calls(this);
        this.statements = new Statements(this);
        this.kernel = new KernelAccess(this);
    }

    TypedTrees typed() {
        return typed;
    }

    ConstantValues constants() {
        return constants;
    }

    SourcePositions positions() {
        return positions;
    }

    ClassSymbols symbols() {
        return symbols;
    }

    /** The program being compiled: the one lowered here or, for a subprogram, its first caller. */
    ProgramDecl program() {
        return program;
    }

    ControlFlow flow() {
        return flow;
    }

    FunctionBuilder builder() {
        return builder;
    }

    Expressions expressions() {
        return expressions;
    }

    Conditions conditions() {
        return conditions;
    }

    Places places() {
        return places;
    }

    Statements statements() {
        return statements;
    }

    Calls calls() {
        return calls;
    }

    Memory memory() {
        return memory;
    }

    KernelAccess kernel() {
        return kernel;
    }

    /** The ISA level compiled for (-Abpf4j.cpu). */
    IsaLevel level() {
        return subprograms.level();
    }

    Subprograms subprograms() {
        return subprograms;
    }

    /** The reserve() call of each ring buffer record, for messages about unreleased records. */
    Map<Value, Tree> reservations() {
        return reservations;
    }

    static CompileError error(Tree tree, String message) {
        return new CompileError(tree, message);
    }

    /** Source position for the instructions emitted next. */
    void at(Tree tree) {
        SourcePos pos = positions.of(tree);
        if (pos != null) {
            builder.at(pos);
        }
    }

    /**
     * The stack slot of an allocation site ({@code new}, a map key, a string), zeroed when asked
     * and counted against the 512-byte stack. Slots are allocated in the entry block, once per
     * site and method frame: the copies of an unrolled loop body share them, as only one
     * iteration's are live at a time.
     */
    Value stackAlloc(int bytes, boolean zero, Tree tree) {
        int rounded = (bytes + 7) & ~7;
        Value slot = slots.get(new Site(frame().id, tree));
        if (slot == null) {
            stackBytes += rounded;
            if (stackBytes > BpfStack.LIMIT) {
                throw error(tree, "this needs " + rounded + " bytes of stack, bringing method " + functionName
                        + " to " + stackBytes + " bytes: the BPF stack holds " + BpfStack.LIMIT
                        + " bytes; keep large structs and arrays in a per-CPU array map (BpfPerCpuArrayMap) instead");
            }
            if (calleeStack > 0 && BpfStack.chainFrameBytes(stackBytes) + calleeStack > BpfStack.LIMIT) {
                throw error(tree, "this needs " + rounded + " bytes of stack, bringing method " + functionName + " to "
                        + stackBytes + " bytes, and the BPF functions it calls need " + calleeStack + " more: the kernel "
                        + "limits the frames of a call chain to " + BpfStack.LIMIT + " bytes together; keep large structs and "
                        + "arrays in a per-CPU array map (BpfPerCpuArrayMap) instead");
            }
            Block here = builder.currentBlock();
            List<Instruction> entry = builder.function().entry().instructions();
            if (entry.isEmpty()) {
                builder.setBlock(builder.function().entry());
            } else {
                builder.positionBefore(entry.get(0));
            }
            slot = builder.stackAlloc(rounded, false);
            builder.setBlock(here);
            slots.put(new Site(frame().id, tree), slot);
        }
        for (int i = 0; zero && i < rounded; i += 8) {
            builder.store(slot, i, 8, Constant.i64(0));
        }
        return slot;
    }

    private record Site(int frame, Tree tree) {}

    /** Records a call of a BPF function whose chain needs {@code chainStack} bytes; fails when the chain overflows. */
    void calling(Subprograms.Compiled callee, Tree call) {
        if (BpfStack.chainFrameBytes(stackBytes) + callee.chainStack() > BpfStack.LIMIT) {
            throw error(call, "this call of " + callee.name() + " needs " + callee.chainStack() + " bytes of stack for it and "
                    + "the BPF functions it calls, on top of the " + BpfStack.chainFrameBytes(stackBytes) + " bytes of "
                    + functionName + ": the kernel limits the frames of a call chain to " + BpfStack.LIMIT + " bytes together; "
                    + "keep large structs and arrays in a per-CPU array map (BpfPerCpuArrayMap), or remove @BpfFunction to inline the method");
        }
        calleeStack = Math.max(calleeStack, callee.chainStack());
    }

    /** The stack this function and the deepest chain of BPF functions it calls need together. */
    int chainStack() {
        return BpfStack.chainFrameBytes(stackBytes) + calleeStack;
    }

    // ------------------------------------------------------------------ frames (inlined methods)

    Frame frame() {
        return frames.peek();
    }

    Frame pushFrame(ExecutableElement method, Tree call, Block returnBlock) {
        for (Frame f : frames) {
            if (f.method.equals(method)) {
                throw error(call, "recursive call of " + method.getSimpleName() + ": BPF cannot recurse (calls are inlined "
                        + "and the stack is " + BpfStack.LIMIT + " bytes); rewrite it as a bounded loop");
            }
        }
        Frame f = new Frame(nextFrameId++, method, returnBlock);
        frames.push(f);
        return f;
    }

    void popFrame() {
        frames.pop();
    }

    /** The SSA variable of a scalar local of the current frame. */
    Object variable(Element local) {
        return new LocalKey(frame().id, local);
    }

    private record LocalKey(int frame, Element local) {}

    /** One method being lowered: the program itself or a method inlined into it. */
    static final class Frame {
        final int id;
        final ExecutableElement method;
        /** Where {@code return} jumps in an inlined method; null for the program, whose return is RETURN. */
        final Block returnBlock;
        /** Non-scalar locals and parameters (struct, array, map, context references). */
        final Map<Object, JValue> bindings = new HashMap<>();
        /** Values of the {@code return} statements of an inlined method, by the block that jumped. */
        final List<Block> returnFrom = new ArrayList<>();
        final List<JValue> returnValues = new ArrayList<>();

        Frame(int id, ExecutableElement method, Block returnBlock) {
            this.id = id;
            this.method = method;
            this.returnBlock = returnBlock;
        }
    }

    // ------------------------------------------------------------------ break / continue

    enum JumpKind { LOOP, SWITCH, BLOCK }

    /** A statement that {@code break} (and for loops {@code continue}) can leave. */
    record JumpTarget(String label, JumpKind kind, Block breakTo, Block continueTo) {}

    void pushJump(JumpTarget t) {
        jumps.push(t);
    }

    void popJump() {
        jumps.pop();
    }

    /** The target of {@code break}/{@code continue}: the labeled statement, else the innermost loop (or switch for break). */
    JumpTarget jumpTarget(String label, boolean isContinue, Tree tree) {
        for (JumpTarget t : jumps) {
            boolean matches = label != null
                    ? label.equals(t.label())
                    : t.kind() == JumpKind.LOOP || (!isContinue && t.kind() == JumpKind.SWITCH);
            if (matches) {
                if (isContinue && t.kind() != JumpKind.LOOP) {
                    throw error(tree, "continue " + label + " does not name a loop");
                }
                return t;
            }
        }
        throw error(tree, (isContinue ? "continue" : "break") + " has no enclosing target here");
    }
}
