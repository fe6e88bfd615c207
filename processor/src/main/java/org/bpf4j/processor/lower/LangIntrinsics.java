package org.bpf4j.processor.lower;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.annotation.PacketAccess;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.lang.PtRegs;
import org.bpf4j.lang.PtRegsLayout;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.Scalars;
import org.bpf4j.processor.model.StructModel;

/** The {@code @Intrinsic} methods of maps and contexts, lowered as {@link IntrinsicOp} specifies. */
final class LangIntrinsics {
    /** {@code BPF_F_CURRENT_CPU}. */
    private static final long CURRENT_CPU = 0xFFFFFFFFL;

    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    LangIntrinsics(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    JValue invoke(IntrinsicOp op, MethodInvocationTree call, ExecutableElement method, ExpressionTree receiverTree) {
        if (KernelAccess.OPERATIONS.contains(op)) {
            return lowering.kernel().invoke(op, call);   // static methods of Core: no receiver
        }
        if (AtomicAccess.OPERATIONS.contains(op)) {
            return new AtomicAccess(lowering).invoke(op, call, method);   // static methods of Atomics
        }
        JValue receiver = receiverTree == null ? null : lowering.expressions().lower(receiverTree);
        switch (op) {
            case MAP_LOOKUP: case MAP_CONTAINS: case MAP_ADD: case MAP_UPDATE: case MAP_DELETE:
                return mapOperation(op, call, receiver, receiverTree);
            case RINGBUF_RESERVE: case RINGBUF_SUBMIT: case RINGBUF_DISCARD: case RINGBUF_OUTPUT: case PERF_OUTPUT:
                return recordOperation(op, map(receiver, call), call);
            case TAIL_CALL:
                return tailCall(map(receiver, call), call);
            case PACKET_HEADER: case PACKET_LENGTH:
            case PACKET_LOAD_U8: case PACKET_LOAD_U16: case PACKET_LOAD_U32:
            case PACKET_STORE_U8: case PACKET_STORE_U16: case PACKET_STORE_U32:
                return packetOperation(op, context(receiver, call), call);
            case CTX_LOAD_U8: case CTX_LOAD_U16: case CTX_LOAD_U32: case CTX_LOAD_U64:
            case CTX_RECORD: case CTX_ARG: case CTX_RET:
                return contextOperation(op, context(receiver, call), call);
            case USDT_ARG: case USDT_ARG_COUNT: case USDT_COOKIE:
                return new UsdtArguments(lowering).invoke(op, context(receiver, call), call);
            default:
                throw new IllegalStateException("intrinsic " + op + " has no lowering");
        }
    }

    /** Lookups, presence tests, adds, updates and deletes of a map. */
    private JValue mapOperation(IntrinsicOp op, MethodInvocationTree call, JValue receiver, ExpressionTree receiverTree) {
        List<? extends ExpressionTree> args = call.getArguments();
        switch (op) {
            case MAP_LOOKUP:
                return lookup(map(receiver, call), args.get(0));
            case MAP_CONTAINS:
            case MAP_ADD: {
                Block t = flow.newBlock("found");
                Block f = flow.newBlock("absent");
                Block join = flow.newBlock("join");
                condition(op, call, receiverTree, t, f);
                return lowering.conditions().joinBooleans(t, f, join, call);
            }
            case MAP_UPDATE:
                return update(map(receiver, call), call);
            case MAP_DELETE: {
                MapField m = map(receiver, call);
                Value r = builder.mapDelete(HelperIds.MAP_DELETE_ELEM, builder.mapAddr(m.name()), key(m, args.get(0)));
                return lowering.conditions().compareToZero(new Scalar(r, TypeKind.LONG), Cmp.EQ);
            }
            default:
                throw new IllegalStateException(op + " is not a map operation");
        }
    }

    /** Records sent to user space: ring buffer reserve, submit, discard and output; perf event output. */
    private JValue recordOperation(IntrinsicOp op, MapField m, MethodInvocationTree call) {
        List<? extends ExpressionTree> args = call.getArguments();
        switch (op) {
            case RINGBUF_RESERVE:
                return reserve(m, call);
            case RINGBUF_SUBMIT:
            case RINGBUF_DISCARD: {
                Value record = recordPointer(args.get(0));
                int helper = op == IntrinsicOp.RINGBUF_SUBMIT ? HelperIds.RINGBUF_SUBMIT : HelperIds.RINGBUF_DISCARD;
                builder.helperCall(helper, Type.VOID, record, Constant.i64(0));
                flow.released(record);
                return null;
            }
            case RINGBUF_OUTPUT: {
                JValue.Struct record = struct(args.get(0));
                Value r = builder.helperCall(HelperIds.RINGBUF_OUTPUT, Type.I64, builder.mapAddr(m.name()), pointer(record, args.get(0)),
                        Constant.i64(record.layout().size()), Constant.i64(0));
                return lowering.conditions().compareToZero(new Scalar(r, TypeKind.LONG), Cmp.EQ);
            }
            case PERF_OUTPUT: {
                Value ctx = context(lowering.expressions().lower(args.get(0)), args.get(0)).pointer();
                JValue.Struct record = struct(args.get(1));
                Value r = builder.helperCall(HelperIds.PERF_EVENT_OUTPUT, Type.I64, ctx, builder.mapAddr(m.name()), Constant.i64(CURRENT_CPU),
                        pointer(record, args.get(1)), Constant.i64(record.layout().size()));
                return lowering.conditions().compareToZero(new Scalar(r, TypeKind.LONG), Cmp.EQ);
            }
            default:
                throw new IllegalStateException(op + " is not a record operation");
        }
    }

    /** {@code bpf_tail_call}: continues after the call only when the jump fails. */
    private JValue tailCall(MapField programs, MethodInvocationTree call) {
        List<? extends ExpressionTree> args = call.getArguments();
        Value ctx = context(lowering.expressions().lower(args.get(0)), args.get(0)).pointer();
        Scalar index = lowering.expressions().convert(lowering.expressions().scalar(args.get(1)), TypeKind.INT);
        builder.tailCall(HelperIds.TAIL_CALL, ctx, builder.mapAddr(programs.name()), index.value());
        return null;
    }

    /** Direct packet access: headers, length, and bounds-checked loads and stores. */
    private JValue packetOperation(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        switch (op) {
            case PACKET_HEADER:
                return header(ctx, call);
            case PACKET_LENGTH:
                return packetLength(ctx, call);
            case PACKET_LOAD_U8:
            case PACKET_LOAD_U16:
            case PACKET_LOAD_U32:
                return packetLoad(op, ctx, call);
            case PACKET_STORE_U8:
            case PACKET_STORE_U16:
            case PACKET_STORE_U32:
                return packetStore(op, ctx, call);
            default:
                throw new IllegalStateException(op + " is not a packet operation");
        }
    }

    /** Reads of the context: raw loads, the context as a record, probe arguments and return values. */
    private JValue contextOperation(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        List<? extends ExpressionTree> args = call.getArguments();
        switch (op) {
            case CTX_LOAD_U8:
            case CTX_LOAD_U16:
            case CTX_LOAD_U32:
            case CTX_LOAD_U64:
                return contextLoad(op, ctx, call);
            case CTX_RECORD: {
                StructModel layout = classArgument(args.get(0));
                TracepointRecords.check(layout, lowering.program(), args.get(0), lowering.typed().trees());
                return new JValue.Struct(ctx.pointer(), 0, layout, LangSymbols.networkOrder(layout.element()));
            }
            case CTX_ARG: {
                int n = constantArgument(args.get(0), "argument number");
                return new Scalar(builder.ctxLoad(Type.I64, ctx.pointer(), argumentOffset(ctx, n, args.get(0)), 8), TypeKind.LONG);
            }
            case CTX_RET:
                if (!isPtRegs(ctx)) {
                    throw Lowering.error(call, "ret() reads pt_regs of kretprobe/uretprobe programs only");
                }
                return new Scalar(builder.ctxLoad(Type.I64, ctx.pointer(), PtRegsLayout.host().retOffset(), 8), TypeKind.LONG);
            default:
                throw new IllegalStateException(op + " is not a context operation");
        }
    }

    /** Lowers presence tests straight into branches: no 0/1 value when the call is a condition. */
    boolean condition(IntrinsicOp op, MethodInvocationTree call, ExpressionTree receiverTree, Block ifTrue, Block ifFalse) {
        if (op != IntrinsicOp.MAP_CONTAINS && op != IntrinsicOp.MAP_ADD) {
            return false;
        }
        MapField m = map(receiverTree == null ? null : lowering.expressions().lower(receiverTree), call);
        List<? extends ExpressionTree> args = call.getArguments();
        Value p = builder.mapLookup(HelperIds.MAP_LOOKUP_ELEM, builder.mapAddr(m.name()), key(m, args.get(0)));
        if (op == IntrinsicOp.MAP_CONTAINS) {
            flow.branch(Cmp.NE, p, Constant.nullOf(p.type()), ifTrue, ifFalse);
            return true;
        }
        Block found = flow.newBlock("add");
        flow.branch(Cmp.EQ, p, Constant.nullOf(p.type()), ifFalse, found);
        flow.enterSealed(found);
        int size = m.valueSize();
        if (size != 4 && size != 8) {
            throw Lowering.error(call, "add/increment needs a map whose value is an int or long, not " + size + " bytes");
        }
        TypeKind kind = size == 8 ? TypeKind.LONG : TypeKind.INT;
        Scalar delta = args.size() > 1
                ? lowering.expressions().convert(lowering.expressions().scalar(args.get(1)), kind)
                : Expressions.constant(1, kind);
        if (m.kind().perCpu()) {
            Value old = builder.load(Scalar.irType(kind), p, 0, size, false);
            builder.store(p, 0, size, builder.add(old, delta.value()));
        } else {
            builder.atomic(AtomicKind.ADD, p, 0, size, delta.value(), false);
        }
        flow.jump(ifTrue);
        return true;
    }

    // ------------------------------------------------------------------ maps

    private MapField map(JValue receiver, MethodInvocationTree call) {
        if (receiver instanceof JValue.Map m) {
            return m.map();
        }
        throw Lowering.error(call, "'" + call.getMethodSelect() + "' must be called on a @BpfMap field of this class");
    }

    /** A pointer to the key: a struct key by address, a scalar key through a stack slot. */
    private Value key(MapField m, ExpressionTree keyTree) {
        JValue k = lowering.expressions().lower(keyTree);
        return spill(k, m.keySize(), keyTree, "key");
    }

    private Value spill(JValue v, int size, Tree tree, String what) {
        if (v instanceof JValue.Struct s) {
            if (s.layout().size() != size) {
                throw Lowering.error(tree, "this " + what + " is a " + s.layout().size() + "-byte struct but the map's " + what
                        + " has " + size + " bytes");
            }
            lowering.memory().requireWritten(s.pointer(), s.offset(), size, tree);
            return lowering.calls().address(s.pointer(), s.offset(), tree);
        }
        if (v instanceof JValue.Array a && a.byteSize() == size) {
            lowering.memory().requireWritten(a.pointer(), a.offset(), size, tree);
            return lowering.calls().address(a.pointer(), a.offset(), tree);
        }
        Scalar scalar = lowering.expressions().toScalar(v, tree);
        TypeKind kind = kindOfSize(size, tree, what);
        Scalar converted = lowering.expressions().convert(scalar, kind);
        Value slot = lowering.stackAlloc(size, false, tree);
        lowering.memory().store(slot, 0, kind, false, converted, tree);
        return slot;
    }

    private static TypeKind kindOfSize(int size, Tree tree, String what) {
        switch (size) {
            case 1: return TypeKind.BYTE;
            case 2: return TypeKind.SHORT;
            case 4: return TypeKind.INT;
            case 8: return TypeKind.LONG;
            default:
                throw Lowering.error(tree, "a primitive " + what + " cannot fill the map's " + size + "-byte " + what
                        + "; pass a @BpfStruct of that size");
        }
    }

    private JValue lookup(MapField m, ExpressionTree keyTree) {
        Value p = builder.mapLookup(HelperIds.MAP_LOOKUP_ELEM, builder.mapAddr(m.name()), key(m, keyTree));
        return valueView(m, p, keyTree);
    }

    /** How BPF code sees a map value: the struct in place, or a boxed scalar loaded after the null check. */
    private JValue valueView(MapField m, Value p, Tree tree) {
        TypeMirror type = m.valueType().orElse(null);
        if (type == null) {
            throw Lowering.error(tree, "map " + m.name() + " has no value type BPF code can read");
        }
        Optional<StructModel> layout = lowering.symbols().struct(type);
        if (layout.isPresent()) {
            return new JValue.Struct(p, 0, layout.get(), LangSymbols.networkOrder(layout.get().element()));
        }
        Optional<TypeKind> boxed = LangSymbols.asType(type).flatMap(t -> Scalars.unbox(t.getQualifiedName().toString()));
        if (boxed.isPresent()) {
            return new JValue.Boxed(p, boxed.get());
        }
        if (type.getKind() == TypeKind.ARRAY) {
            TypeMirror element = ((javax.lang.model.type.ArrayType) type).getComponentType();
            int elementSize = Memory.sizeOf(element.getKind(), tree);
            return new JValue.Array(p, 0, element, elementSize, m.valueSize() / elementSize, null, false);
        }
        throw Lowering.error(tree, "map " + m.name() + " has a value type (" + type + ") BPF code cannot read");
    }

    private JValue update(MapField m, MethodInvocationTree call) {
        List<? extends ExpressionTree> args = call.getArguments();
        Value keyPtr = key(m, args.get(0));
        Value valuePtr = spill(lowering.expressions().lower(args.get(1)), m.valueSize(), args.get(1), "value");
        long flags = 0;
        if (args.size() > 2) {
            Element flag = lowering.typed().element(args.get(2));
            if (!Calls.isEnumConstant(flag)) {
                throw Lowering.error(args.get(2), "the update flag must be an UpdateFlag constant (ANY, NO_EXIST, EXIST)");
            }
            // UpdateFlag declares its constants in the kernel's order: BPF_ANY 0, BPF_NOEXIST 1, BPF_EXIST 2.
            flags = Calls.ordinal(flag);
        }
        Value r = builder.mapUpdate(HelperIds.MAP_UPDATE_ELEM, builder.mapAddr(m.name()), keyPtr, valuePtr, Constant.i64(flags));
        return lowering.conditions().compareToZero(new Scalar(r, TypeKind.LONG), Cmp.EQ);
    }

    private JValue reserve(MapField m, MethodInvocationTree call) {
        if (m.kind() != MapKind.RINGBUF) {
            throw Lowering.error(call, "reserve() works on ring buffers only");
        }
        TypeMirror recordType = m.recordType().orElseThrow(() -> Lowering.error(call, "ring buffer " + m.name() + " has no record type"));
        StructModel layout = lowering.symbols().struct(recordType).orElseThrow(() -> Lowering.error(call,
                "the record type of ring buffer " + m.name() + " must be a @BpfStruct"));
        Value p = builder.helperCall(HelperIds.RINGBUF_RESERVE, Type.MEM_OR_NULL, builder.mapAddr(m.name()), Constant.i64(layout.size()), Constant.i64(0));
        flow.reserved(p, layout.size(), memberBytes(layout, 0, new BitSet(layout.size())));
        lowering.reservations().put(p, call);
        return new JValue.Struct(p, 0, layout, LangSymbols.networkOrder(layout.element()));
    }

    /** The bytes of {@code layout}'s members at {@code base}, nested structs' members included: its padding is the rest. */
    private static BitSet memberBytes(StructModel layout, int base, BitSet bytes) {
        for (FieldLayout f : layout.fields()) {
            if (f.nested().isEmpty()) {
                bytes.set(base + f.offset(), base + f.offset() + f.size());
                continue;
            }
            for (int i = 0; i < Math.max(1, f.arrayLength()); i++) {
                memberBytes(f.nested().get(), base + f.offset() + i * f.elementSize(), bytes);
            }
        }
        return bytes;
    }

    private Value recordPointer(ExpressionTree tree) {
        JValue.Struct s = struct(tree);
        if (s.offset() != 0 || s.pointer().type() != Type.MEM_OR_NULL && s.pointer().type() != Type.MEM) {
            throw Lowering.error(tree, "submit() and discard() take the record reserve() returned");
        }
        lowering.memory().requireNonNull(s.pointer(), tree);
        return s.pointer();
    }

    private JValue.Struct struct(ExpressionTree tree) {
        JValue v = lowering.expressions().lower(tree);
        if (v instanceof JValue.Struct s) {
            return s;
        }
        throw Lowering.error(tree, "'" + tree + "' must be a @BpfStruct value");
    }

    private Value pointer(JValue.Struct s, Tree tree) {
        return lowering.calls().address(s.pointer(), s.offset(), tree);
    }

    // ------------------------------------------------------------------ packets and contexts

    private JValue.Context context(JValue receiver, Tree tree) {
        if (receiver instanceof JValue.Context c) {
            return c;
        }
        throw Lowering.error(tree, "'" + tree + "' must be called on the program's context parameter");
    }

    private PacketAccess packetAccess(JValue.Context ctx, Tree tree) {
        ProgramType type = lowering.program().type();
        if (!PACKET_READERS.contains(type)) {
            throw Lowering.error(tree, type + " programs have no direct packet access: the verifier refuses their "
                    + "context's data and data_end; copy the bytes you need with Bpf.skbLoadBytes(ctx, offset, buffer)");
        }
        for (TypeElement t = ctx.type(); t != null; t = superclass(t)) {
            PacketAccess a = t.getAnnotation(PacketAccess.class);
            if (a != null) {
                return a;
            }
        }
        throw Lowering.error(tree, ctx.type().getSimpleName() + " has no direct packet access in this program type");
    }

    /** Fails at {@code tree}, a store into the packet, where {@code type}'s programs may only read it. */
    static void requirePacketWrites(ProgramType type, Tree tree) {
        if (PACKET_READERS.contains(type) && !writesPackets(type)) {
            throw Lowering.error(tree, type + " programs may read the packet but not write it: the verifier refuses stores "
                    + "through packet pointers in this program type; change the packet in a TC or XDP program");
        }
    }

    /** The program types the verifier lets read packets directly ({@code may_access_direct_pkt_data}). */
    private static final Set<ProgramType> PACKET_READERS = EnumSet.of(ProgramType.XDP, ProgramType.TC,
            ProgramType.CGROUP_SKB_INGRESS, ProgramType.CGROUP_SKB_EGRESS, ProgramType.SK_SKB, ProgramType.SK_MSG);

    /** Those that may also write them: cgroup skb programs only read. */
    private static boolean writesPackets(ProgramType type) {
        return PACKET_READERS.contains(type) && type != ProgramType.CGROUP_SKB_INGRESS && type != ProgramType.CGROUP_SKB_EGRESS;
    }

    private static TypeElement superclass(TypeElement t) {
        TypeMirror s = t.getSuperclass();
        return s.getKind() == TypeKind.DECLARED ? (TypeElement) ((javax.lang.model.type.DeclaredType) s).asElement() : null;
    }

    /** {@code base + offset} with {@code size} bytes in bounds, or null. */
    private Value packetPointer(JValue.Context ctx, ExpressionTree offsetTree, int size, Tree tree) {
        PacketAccess a = packetAccess(ctx, tree);
        Scalar offset = lowering.expressions().scalar(offsetTree);
        Value data = builder.ctxLoad(Type.PACKET, ctx.pointer(), a.data(), a.width());
        Value end = builder.ctxLoad(Type.PACKET_END, ctx.pointer(), a.dataEnd(), a.width());
        return builder.packetHeader(data, lowering.expressions().convert(offset, TypeKind.LONG).value(), size, end);
    }

    private JValue header(JValue.Context ctx, MethodInvocationTree call) {
        StructModel layout = classArgument(call.getArguments().get(1));
        Value p = packetPointer(ctx, call.getArguments().get(0), layout.size(), call);
        flow.packetPointer(p);
        return new JValue.Struct(p, 0, layout, LangSymbols.networkOrder(layout.element()));
    }

    private StructModel classArgument(ExpressionTree tree) {
        JValue v = lowering.expressions().lower(tree);
        if (v instanceof JValue.ClassLiteral c) {
            return lowering.symbols().struct(c.type()).orElseThrow(() -> Lowering.error(tree, c.type() + " is not a @BpfStruct"));
        }
        throw Lowering.error(tree, "the type must be a class literal such as EthHdr.class");
    }

    /**
     * Raw tracepoint and tracing contexts hold the arguments as u64 slots; {@code pt_regs} keeps
     * them in registers whose offsets depend on the architecture compiled for (this machine's).
     */
    private static int argumentOffset(JValue.Context ctx, int n, Tree tree) {
        if (!isPtRegs(ctx)) {
            return 8 * n;
        }
        PtRegsLayout layout = PtRegsLayout.host();
        if (n < 0 || n >= layout.argCount()) {
            throw Lowering.error(tree, "argument " + n + " is not passed in a register on " + layout + " (it has "
                    + layout.argCount() + ")");
        }
        return layout.argOffset(n);
    }

    private static boolean isPtRegs(JValue.Context ctx) {
        for (TypeElement t = ctx.type(); t != null; t = superclass(t)) {
            if (t.getQualifiedName().contentEquals(PtRegs.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /** {@code data_end - data}: pointer subtraction, which the verifier allows programs loaded with CAP_PERFMON. */
    private JValue packetLength(JValue.Context ctx, MethodInvocationTree call) {
        PacketAccess a = packetAccess(ctx, call);
        Value data = builder.ctxLoad(Type.I64, ctx.pointer(), a.data(), a.width());
        Value end = builder.ctxLoad(Type.I64, ctx.pointer(), a.dataEnd(), a.width());
        return new Scalar(builder.trunc(builder.sub(end, data)), TypeKind.INT);
    }

    private JValue packetLoad(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        int size = op == IntrinsicOp.PACKET_LOAD_U8 ? 1 : op == IntrinsicOp.PACKET_LOAD_U16 ? 2 : 4;
        TypeKind kind = size == 4 ? TypeKind.LONG : TypeKind.INT;
        Value p = packetPointer(ctx, call.getArguments().get(0), size, call);
        Block inBounds = flow.newBlock("inbounds");
        Block beyond = flow.newBlock("beyond");
        Block join = flow.newBlock("loaded");
        flow.branch(Cmp.NE, p, Constant.nullOf(p.type()), inBounds, beyond);
        List<Block> from = new ArrayList<>();
        List<JValue> values = new ArrayList<>();
        flow.enterSealed(inBounds);
        Value v = builder.load(Type.I32, p, 0, size, false);
        if (size > 1) {
            v = builder.bswap(v, size);
        }
        Scalar loaded = size == 4 ? new Scalar(builder.zext(v, 4, Type.I64), kind) : new Scalar(v, kind);
        from.add(builder.currentBlock());
        values.add(loaded);
        flow.jump(join);
        flow.enterSealed(beyond);
        from.add(builder.currentBlock());
        values.add(Expressions.constant(-1, kind));
        flow.jump(join);
        flow.enterSealed(join);
        return lowering.conditions().merge(from, values, call);
    }

    private JValue packetStore(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        int size = op == IntrinsicOp.PACKET_STORE_U8 ? 1 : op == IntrinsicOp.PACKET_STORE_U16 ? 2 : 4;
        requirePacketWrites(lowering.program().type(), call);
        Value p = packetPointer(ctx, call.getArguments().get(0), size, call);
        Scalar value = lowering.expressions().convert(lowering.expressions().scalar(call.getArguments().get(1)), TypeKind.INT);
        Block inBounds = flow.newBlock("inbounds");
        Block beyond = flow.newBlock("beyond");
        Block join = flow.newBlock("stored");
        flow.branch(Cmp.NE, p, Constant.nullOf(p.type()), inBounds, beyond);
        flow.enterSealed(inBounds);
        Value v = size > 1 ? builder.bswap(value.value(), size) : value.value();
        builder.store(p, 0, size, v);
        flow.jump(join);
        Block stored = inBounds;
        flow.enterSealed(beyond);
        flow.jump(join);
        flow.enterSealed(join);
        return lowering.conditions().merge(List.of(stored, beyond),
                List.of(Expressions.constant(1, TypeKind.BOOLEAN), Expressions.constant(0, TypeKind.BOOLEAN)), call);
    }

    private JValue contextLoad(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        int size;
        switch (op) {
            case CTX_LOAD_U8: size = 1; break;
            case CTX_LOAD_U16: size = 2; break;
            case CTX_LOAD_U32: size = 4; break;
            default: size = 8; break;
        }
        int offset = constantArgument(call.getArguments().get(0), "context offset");
        if (size == 4) {
            // u32 is a long, as on packets: the unsigned value, zero-extended
            return new Scalar(builder.zext(builder.ctxLoad(Type.I32, ctx.pointer(), offset, 4), 4, Type.I64), TypeKind.LONG);
        }
        TypeKind kind = size == 8 ? TypeKind.LONG : TypeKind.INT;
        return new Scalar(builder.ctxLoad(Scalar.irType(kind), ctx.pointer(), offset, size), kind);
    }

    private int constantArgument(ExpressionTree tree, String what) {
        return lowering.constants().integral(tree).map(Long::intValue).orElseThrow(() -> Lowering.error(tree,
                "the " + what + " must be a compile-time constant: the verifier checks context accesses at fixed offsets"));
    }
}
