package org.bpf4j.processor.lower;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.CoreAccess;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.KernelStruct;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.CoreReloKind;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * Reads of {@code @KernelStruct} members and the {@code Core} questions, as CO-RE-relocated
 * code: a member's offset is the local one in the instruction and a core_relo record asks the
 * loader for the kernel's. Where the verifier tracks kernel pointers by BTF type the member is
 * loaded directly; elsewhere it is copied to the stack with {@code bpf_probe_read_kernel}, which
 * reads 0 where the pointer is bad ({@code BPF_CORE_READ}'s semantics).
 */
final class KernelAccess {
    /** The static methods of {@code Core}. */
    static final java.util.Set<IntrinsicOp> OPERATIONS = java.util.EnumSet.of(IntrinsicOp.CORE_CURRENT_TASK, IntrinsicOp.CORE_VIEW,
            IntrinsicOp.CORE_FIELD_EXISTS, IntrinsicOp.CORE_FIELD_SIZE, IntrinsicOp.CORE_TYPE_EXISTS, IntrinsicOp.CORE_TYPE_SIZE,
            IntrinsicOp.CORE_READ_STRING, IntrinsicOp.CORE_ENUM_VALUE, IntrinsicOp.CORE_ENUM_VALUE_EXISTS);

    private final Lowering lowering;
    private final FunctionBuilder builder;
    private final KernelStructs structs;

    KernelAccess(Lowering lowering) {
        this.lowering = lowering;
        this.builder = lowering.builder();
        this.structs = lowering.symbols().kernelStructs();
    }

    JValue invoke(IntrinsicOp op, MethodInvocationTree call) {
        ExpressionTree arg = call.getArguments().get(call.getArguments().size() - 1);
        switch (op) {
            case CORE_CURRENT_TASK: return currentTask(arg, call);
            case CORE_VIEW: return view(call);
            case CORE_FIELD_EXISTS: return memberQuestion(arg, CoreReloKind.FIELD_EXISTS, TypeKind.BOOLEAN);
            case CORE_FIELD_SIZE: return memberQuestion(arg, CoreReloKind.FIELD_BYTE_SIZE, TypeKind.INT);
            case CORE_TYPE_EXISTS: return typeQuestion(arg, CoreReloKind.TYPE_EXISTS, TypeKind.BOOLEAN);
            case CORE_TYPE_SIZE: return typeQuestion(arg, CoreReloKind.TYPE_SIZE, TypeKind.INT);
            case CORE_READ_STRING: return readString(call);
            case CORE_ENUM_VALUE: return enumQuestion(arg, CoreReloKind.ENUMVAL_VALUE, TypeKind.LONG);
            case CORE_ENUM_VALUE_EXISTS: return enumQuestion(arg, CoreReloKind.ENUMVAL_EXISTS, TypeKind.BOOLEAN);
            default: throw new IllegalArgumentException(op + " is no CO-RE operation");
        }
    }

    /**
     * {@code ref.member}: a scalar, a pointer to the next struct, an embedded struct (a view whose
     * members are read relative to the same pointer), or a char array for helpers.
     */
    JValue member(JValue.Kernel ref, VariableElement field, MemberSelectTree tree) {
        KernelStructs.Member m = ref.type().member(field).orElseThrow(() -> Lowering.error(tree,
                "'" + field.getSimpleName() + "' is not a member of @KernelStruct " + ref.type().cName()));
        readable(tree);
        requireOnBuildMachine(ref.type(), m, tree);
        if (m.isBitfield()) return bitfield(ref, m, tree);
        if (m.isEmbedded()) return ref.embedded(m, structs.of(m.struct().asType(), tree));
        if (m.isChars()) return new JValue.KernelChars(ref, m);
        CoreAccess offset = access(ref, m, CoreReloKind.FIELD_BYTE_OFFSET);
        int size = m.type().size();
        Type irType = m.kind() == TypeKind.LONG ? Type.I64 : Type.I32;
        boolean signed = m.kind() != TypeKind.CHAR && !m.isPointer();
        Value v;
        if (ref.btfTyped()) {
            v = builder.coreLoad(irType, ref.pointer(), offset, localOffset(ref.pathTo(m)), size, signed);
        } else {
            Value buffer = lowering.stackAlloc(8, false, tree);
            builder.helperCall(HelperIds.PROBE_READ_KERNEL, Type.I64, buffer, Constant.i64(size), memberAddress(ref, m));
            v = builder.load(irType, buffer, 0, size, signed);
        }
        if (m.isPointer()) return new JValue.Kernel(v, structs.of(m.struct().asType(), tree), ref.btfTyped());
        return new Scalar(v, m.kind() == TypeKind.BOOLEAN ? TypeKind.BYTE : m.kind());
    }

    /**
     * A bitfield, as libbpf's {@code BPF_CORE_READ_BITFIELD} (direct loads) and
     * {@code BPF_CORE_READ_BITFIELD_PROBED} read it: the storage unit (relocated byte offset and
     * size) zero-extended to 64 bits, shifted left to drop the bits above the field, then right,
     * arithmetically where the kernel's field is signed, to drop those below it. Every number is
     * a relocated constant, so the verifier keeps one load and one shift of each branch below.
     */
    private JValue bitfield(JValue.Kernel ref, KernelStructs.Member m, Tree tree) {
        KernelStruct.Bits bits = (KernelStruct.Bits) m.type();
        List<KernelStructs.Member> path = ref.pathTo(m);
        CoreAccess offset = access(ref.root(), path, CoreReloKind.FIELD_BYTE_OFFSET);
        Value size = builder.coreValue(Type.I64, access(ref.root(), path, CoreReloKind.FIELD_BYTE_SIZE), bits.size());
        Value raw;
        if (ref.btfTyped()) {
            raw = unitLoad(ref.pointer(), offset, localOffset(path), size, tree);
        } else {
            Value buffer = lowering.stackAlloc(8, true, tree);
            Value unit = builder.add(ref.pointer(), builder.coreValue(Type.I64, offset, localOffset(path)));
            builder.helperCall(HelperIds.PROBE_READ_KERNEL, Type.I64, buffer, size, unit);
            raw = builder.load(Type.I64, buffer, 0, 8, false);
        }
        Value high = builder.shl(raw, builder.coreValue(Type.I64, access(ref.root(), path, CoreReloKind.FIELD_LSHIFT_U64),
                64 - bits.width()));
        Value right = builder.coreValue(Type.I64, access(ref.root(), path, CoreReloKind.FIELD_RSHIFT_U64), 64 - bits.width());
        Value signed = builder.coreValue(Type.I32, access(ref.root(), path, CoreReloKind.FIELD_SIGNED), bits.signed() ? 1 : 0);
        ControlFlow flow = lowering.flow();
        Block arithmetic = flow.newBlock("bitsigned");
        Block logical = flow.newBlock("bitunsigned");
        Block join = flow.newBlock("bitfield");
        flow.branch(Cmp.NE, signed, Constant.i32(0), arithmetic, logical);
        flow.enterSealed(arithmetic);
        Scalar extended = new Scalar(builder.ashr(high, right), TypeKind.LONG);
        flow.jump(join);
        flow.enterSealed(logical);
        Scalar zeroExtended = new Scalar(builder.lshr(high, right), TypeKind.LONG);
        flow.jump(join);
        flow.enterSealed(join);
        Scalar v = (Scalar) lowering.conditions().merge(List.of(arithmetic, logical), List.of(extended, zeroExtended), tree);
        if (m.kind() == TypeKind.BOOLEAN) {
            // any bit set: the sign bit of v | -v
            Value set = builder.lshr(builder.or(v.value(), builder.neg(v.value())), Constant.i64(63));
            return new Scalar(lowering.expressions().convert(new Scalar(set, TypeKind.LONG), TypeKind.INT).value(), TypeKind.BOOLEAN);
        }
        return lowering.expressions().convert(v, m.kind());
    }

    /**
     * The storage unit {@code offset} relocates from BTF-typed {@code pointer}, {@code size} (a
     * relocated 1, 2, 4 or 8) bytes zero-extended: one load per size, each relocated.
     */
    private Value unitLoad(Value pointer, CoreAccess offset, int localOffset, Value size, Tree tree) {
        ControlFlow flow = lowering.flow();
        Block join = flow.newBlock("bitunit");
        List<Block> from = new ArrayList<>();
        List<JValue> values = new ArrayList<>();
        for (int bytes : new int[] {1, 2, 4}) {
            Block load = flow.newBlock("bitunit" + bytes);
            Block next = flow.newBlock("bitunitwider");
            flow.branch(Cmp.EQ, size, Constant.i64(bytes), load, next);
            flow.enterSealed(load);
            values.add(new Scalar(builder.coreLoad(Type.I64, pointer, offset, localOffset, bytes, false), TypeKind.LONG));
            from.add(load);
            flow.jump(join);
            flow.enterSealed(next);
        }
        values.add(new Scalar(builder.coreLoad(Type.I64, pointer, offset, localOffset, 8, false), TypeKind.LONG));
        from.add(builder.currentBlock());
        flow.jump(join);
        flow.enterSealed(join);
        return ((Scalar) lowering.conditions().merge(from, values, tree)).value();
    }

    /** The address of a char array member, to pass to a helper. */
    Value address(JValue.KernelChars chars) {
        return memberAddress(chars.owner(), chars.member());
    }

    /** The address of a kernel struct, to pass to a helper or compare: that of its root plus the embedded path's offset. */
    Value address(JValue.Kernel ref) {
        return ref.path().isEmpty() ? ref.pointer() : pathAddress(ref, ref.path());
    }

    /** A typed argument of a {@code BPF_PROG}-style program: slot {@code index} of the u64 context array. */
    JValue argument(Value ctx, int index, TypeMirror type, Tree tree) {
        Value slot = builder.ctxLoad(Type.I64, ctx, 8 * index, 8);
        if (KernelStructs.isKernelStruct(type)) return new JValue.Kernel(slot, structs.of(type, tree), true);
        return lowering.expressions().convert(new Scalar(slot, TypeKind.LONG), type.getKind());
    }

    private Value memberAddress(JValue.Kernel ref, KernelStructs.Member m) {
        return pathAddress(ref, ref.pathTo(m));
    }

    private Value pathAddress(JValue.Kernel ref, List<KernelStructs.Member> path) {
        CoreAccess offset = access(ref.root(), path, CoreReloKind.FIELD_BYTE_OFFSET);
        return builder.add(ref.pointer(), builder.coreValue(Type.I64, offset, localOffset(path)));
    }

    private JValue currentTask(ExpressionTree typeArg, MethodInvocationTree call) {
        ProgramType.KernelAccess how = readable(call);
        KernelStructs.Model task = kernelType(typeArg);
        if (!task.essentialName().equals("task_struct")) {
            throw Lowering.error(typeArg, "Core.currentTask needs a @KernelStruct(\"task_struct\") class (or a flavor of it), not "
                    + task.cName());
        }
        boolean btf = how == ProgramType.KernelAccess.BTF_TYPED;
        Value t = builder.helperCall(btf ? HelperIds.GET_CURRENT_TASK_BTF : HelperIds.GET_CURRENT_TASK, Type.I64);
        return new JValue.Kernel(t, task, btf);
    }

    /** {@code Core.view(address, Type.class)}: a struct at a kernel address, read with probe reads as the verifier knows no type for it. */
    private JValue view(MethodInvocationTree call) {
        readable(call);
        Scalar address = lowering.expressions().convert(lowering.expressions().scalar(call.getArguments().get(0)), TypeKind.LONG);
        return new JValue.Kernel(address.value(), kernelType(call.getArguments().get(1)), false);
    }

    private JValue memberQuestion(ExpressionTree arg, CoreReloKind kind, TypeKind result) {
        ExpressionTree e = Expressions.strip(arg);
        Element field = lowering.typed().element(e);
        if (!(e instanceof MemberSelectTree s) || !(field instanceof VariableElement f)
                || !KernelStructs.isKernelStruct(lowering.typed().type(s.getExpression()))) {
            throw Lowering.error(arg, "Core." + (kind == CoreReloKind.FIELD_EXISTS ? "fieldExists" : "fieldSize")
                    + " takes a member of a @KernelStruct value, such as task.realParent; '" + arg + "' is not one");
        }
        JValue.Kernel owner = unread(s.getExpression(), arg);
        KernelStructs.Member m = owner.type().member(f).orElseThrow();
        long local = kind == CoreReloKind.FIELD_EXISTS ? 1 : m.type().size();
        return new Scalar(builder.coreValue(Type.I32, access(owner, m, kind), local), result);
    }

    /**
     * The kernel struct {@code e} names, without reading it: the struct of its static type, reached
     * through the {@code @Embedded} members its selection ends with ({@code sk.skCommon}), which
     * the question's access path goes through. The pointer is unused.
     */
    private JValue.Kernel unread(ExpressionTree e, Tree use) {
        ExpressionTree inner = Expressions.strip(e);
        KernelStructs.Model type = structs.of(lowering.typed().type(inner), use);
        if (inner instanceof MemberSelectTree s && lowering.typed().element(s) instanceof VariableElement f
                && KernelStructs.isKernelStruct(lowering.typed().type(s.getExpression()))) {
            JValue.Kernel owner = unread(s.getExpression(), use);
            KernelStructs.Member m = owner.type().member(f).orElseThrow();
            if (m.isEmbedded()) return owner.embedded(m, type);
        }
        return new JValue.Kernel(null, type, false);
    }

    private JValue typeQuestion(ExpressionTree arg, CoreReloKind kind, TypeKind result) {
        KernelStructs.Model type = kernelType(arg);
        long local = kind == CoreReloKind.TYPE_EXISTS ? 1 : type.size();
        return new Scalar(builder.coreValue(Type.I32, new CoreAccess(type.cName(), "0", kind), local), result);
    }

    private JValue enumQuestion(ExpressionTree arg, CoreReloKind kind, TypeKind result) {
        Element e = lowering.typed().element(Expressions.strip(arg));
        boolean constant = e instanceof VariableElement v && KernelStructs.isKernelEnumConstant(v);
        if (!constant && kind == CoreReloKind.ENUMVAL_VALUE && KernelStructs.isKernelEnum(lowering.typed().type(arg))) {
            // a value read from a kernel enum member already is the kernel's number
            return lowering.expressions().convert(lowering.expressions().scalar(arg), TypeKind.LONG);
        }
        if (!constant) {
            throw Lowering.error(arg, kind == CoreReloKind.ENUMVAL_VALUE
                    ? "Core.enumValue takes a value of a @KernelEnum enum, such as PidType.PIDTYPE_TGID or a member declared with its type; '" + arg + "' is not one"
                    : "Core.enumValueExists takes a constant of a @KernelEnum enum, such as PidType.PIDTYPE_TGID; '" + arg + "' is not one");
        }
        return enumerator((VariableElement) e, kind, result);
    }

    /**
     * A {@code @KernelEnum} constant used as a value (compared with a member declared with its
     * enum): the running kernel's value of the enumerator.
     */
    JValue enumerator(VariableElement constant) {
        return enumerator(constant, CoreReloKind.ENUMVAL_VALUE, TypeKind.INT);
    }

    private JValue enumerator(VariableElement constant, CoreReloKind kind, TypeKind result) {
        KernelStructs.Enumerator en = structs.enumerator(constant);
        long local = kind == CoreReloKind.ENUMVAL_EXISTS ? 1 : en.index();
        CoreAccess access = new CoreAccess(en.type().name(), Integer.toString(en.index()), kind);
        return new Scalar(builder.coreValue(result == TypeKind.LONG ? Type.I64 : Type.I32, access, local), result);
    }

    private JValue readString(MethodInvocationTree call) {
        readable(call);
        ExpressionTree dstTree = call.getArguments().get(0), srcTree = call.getArguments().get(1);
        JValue dst = lowering.expressions().lower(dstTree);
        JValue src = lowering.expressions().lower(srcTree);
        if (!(dst instanceof JValue.Array a) || a.elementSize() != 1) {
            throw Lowering.error(dstTree, "Core.readString copies into a byte[] of the program (a local, a record or map value member)");
        }
        Value from;
        if (src instanceof JValue.KernelChars chars) {
            from = address(chars);
        } else if (src instanceof Scalar pointer && lowering.typed().type(srcTree).toString().equals("java.lang.String")) {
            from = pointer.value(); // a String member's value is the kernel's char pointer
        } else {
            throw Lowering.error(srcTree, "Core.readString copies a @Size(n) byte[] member of a @KernelStruct, such as task.comm, "
                    + "or the string a String member (a kernel char *) points to, such as bprm.filename");
        }
        Value n = builder.helperCall(HelperIds.PROBE_READ_KERNEL_STR, Type.I64,
                lowering.calls().address(a.pointer(), a.offset(), dstTree), Constant.i64(a.byteSize()), from);
        return lowering.expressions().convert(new Scalar(n, TypeKind.LONG), TypeKind.INT);
    }

    private KernelStructs.Model kernelType(ExpressionTree classLiteral) {
        JValue v = lowering.expressions().lower(classLiteral);
        if (!(v instanceof JValue.ClassLiteral c) || !KernelStructs.isKernelStruct(c.type())) {
            throw Lowering.error(classLiteral, "expected the class literal of a @KernelStruct class, such as Task.class");
        }
        return structs.of(c.type(), classLiteral);
    }

    /** How this program reads kernel memory; an error at {@code tree} when it cannot. */
    private ProgramType.KernelAccess readable(Tree tree) {
        ProgramType type = lowering.program().type();
        if (type.kernelAccess() == ProgramType.KernelAccess.NONE) {
            throw Lowering.error(tree, "a " + type + " program cannot read kernel structs: the kernel gives it neither "
                    + "bpf_probe_read_kernel nor BTF-typed pointers; read them in a tracing program (kprobe, tracepoint, "
                    + "tp_btf, fentry/fexit/fmod_ret, LSM, iterator)");
        }
        return type.kernelAccess();
    }

    private static CoreAccess access(JValue.Kernel ref, KernelStructs.Member m, CoreReloKind kind) {
        return access(ref.root(), ref.pathTo(m), kind);
    }

    /** {@code kind} of the member at the end of {@code path} from {@code root}: "0:2:5" goes through member 2 to 5. */
    private static CoreAccess access(KernelStructs.Model root, List<KernelStructs.Member> path, CoreReloKind kind) {
        StringBuilder s = new StringBuilder("0");
        for (KernelStructs.Member step : path) s.append(':').append(step.index());
        return new CoreAccess(root.cName(), s.toString(), kind);
    }

    /** The local offset of the member at the end of {@code path} from the root, which the relocation replaces. */
    private static int localOffset(List<KernelStructs.Member> path) {
        return path.stream().mapToInt(KernelStructs.Member::offset).sum();
    }

    /**
     * Members of a struct without a flavor suffix must exist on the build machine's kernel when
     * it has BTF: a typo or a member of another kernel version is an error here, not at load; so
     * must a struct member be embedded where the kernel's is by value, and a pointer elsewhere, and
     * a bitfield be declared {@code @Bits} exactly where the kernel's is one, and a member of a
     * named enum with that {@code @KernelEnum}.
     */
    private static void requireOnBuildMachine(KernelStructs.Model owner, KernelStructs.Member m, Tree tree) {
        if (owner.isFlavor() || !BuildMachineBtf.present()) return;
        Optional<BtfType.Composite> kernel = BuildMachineBtf.composite(owner.cName());
        if (kernel.isEmpty()) {
            throw Lowering.error(tree, "this machine's kernel BTF has no struct " + owner.cName() + ": check the name in "
                    + "@KernelStruct, or declare it as a flavor (" + owner.cName() + "___name) and guard its use with Core.typeExists");
        }
        BtfType.Member member = BuildMachineBtf.member(kernel.get(), m.cName()).orElseThrow(() -> Lowering.error(tree,
                "struct " + owner.cName() + " of this machine's kernel has no member '" + m.cName()
                + "': check the name (@CName gives the C name), or declare the member in a flavor ("
                + owner.cName() + "___old) and read it under Core.fieldExists"));
        Optional<BtfType.Composite> byValue = BuildMachineBtf.structOrUnion(member.type());
        if (m.isPointer() && byValue.isPresent()) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is a struct "
                    + byValue.get().name() + " by value in this machine's kernel, not a pointer: annotate the Java member @Embedded");
        }
        if (m.isEmbedded() && byValue.isEmpty()) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is no struct by value in "
                    + "this machine's kernel: drop @Embedded (a @KernelStruct member without it is a pointer)");
        }
        if (m.isString() && !BuildMachineBtf.isPointer(member.type())) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is no pointer in this machine's "
                    + "kernel: a String member declares a char *");
        }
        Optional<String> kernelEnum = BuildMachineBtf.enumName(member.type());
        if (m.type() instanceof KernelStruct.Enum e && !kernelEnum.filter(KernelStructs.essentialName(e.target())::equals).isPresent()) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is "
                    + kernelEnum.map(k -> k.isEmpty() ? "an anonymous enum" : "enum " + k).orElse("no enum")
                    + " in this machine's kernel, not enum " + e.target());
        }
        if (m.type() instanceof KernelStruct.Scalar && kernelEnum.filter(k -> !k.isEmpty()).isPresent()) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is enum " + kernelEnum.get()
                    + " in this machine's kernel, which CO-RE does not match with an integer: declare the Java member "
                    + "with a @KernelEnum(\"" + kernelEnum.get() + "\") enum");
        }
        if (m.isBitfield() && member.bitfieldSize() == 0) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is no bitfield in this "
                    + "machine's kernel: drop @Bits (a member without it is a whole integer)");
        }
        if (!m.isBitfield() && member.bitfieldSize() != 0) {
            throw Lowering.error(tree, "member '" + m.cName() + "' of struct " + owner.cName() + " is a bitfield of "
                    + member.bitfieldSize() + " bits in this machine's kernel: annotate the Java member @Bits("
                    + member.bitfieldSize() + ")");
        }
    }
}
