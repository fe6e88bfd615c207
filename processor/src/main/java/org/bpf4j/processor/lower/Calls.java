package org.bpf4j.processor.lower;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.annotation.Helper;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.HelperTraits;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.check.SubsetChecker;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * Method calls: intrinsics of the language (maps, packet and context access), kernel helpers,
 * JDK intrinsics, and static methods of the compiled class, which are inlined unless marked
 * {@link org.bpf4j.annotation.BpfFunction} (then called as BPF-to-BPF subprograms).
 */
final class Calls {
    /** The binding of {@code this} inside an inlined method of a {@code @BpfStruct}. */
    static final Object THIS = new Object();

    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;
    private final LangIntrinsics lang;
    private final JdkIntrinsics jdk;
    private final BytecodeInliner bytecode;
    private final Copies copies;

    Calls(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
        this.lang = new LangIntrinsics(lowering);
        this.jdk = new JdkIntrinsics(lowering);
        this.bytecode = new BytecodeInliner(lowering);
        this.copies = new Copies(lowering);
    }

    JValue invoke(MethodInvocationTree call) {
        Element e = lowering.typed().element(call);
        if (!(e instanceof ExecutableElement method)) {
            throw Lowering.error(call, "cannot resolve the method of '" + call.getMethodSelect() + "'");
        }
        Optional<IntrinsicOp> op = LangSymbols.intrinsic(method);
        if (op.isPresent()) {
            return lang.invoke(op.get(), call, method, receiverTree(call));
        }
        Optional<Helper> helper = LangSymbols.helper(method);
        if (helper.isPresent()) {
            return helperCall(helper.get(), call, method);
        }
        if (Copies.handles(method)) {
            copies.lower(call, method);
            return null;
        }
        Optional<JValue> intrinsic = jdk.invoke(call, method);
        if (intrinsic.isPresent()) {
            return intrinsic.get();
        }
        if (Subprograms.isFunction(method)) {
            return callFunction(call, method);
        }
        return inline(call, method);
    }

    /** Branches directly on calls whose result is a test (map lookups for presence, add-if-present). */
    boolean condition(ExpressionTree e, Block ifTrue, Block ifFalse) {
        if (!(e instanceof MethodInvocationTree call) || !(lowering.typed().element(call) instanceof ExecutableElement method)) {
            return false;
        }
        Optional<IntrinsicOp> op = LangSymbols.intrinsic(method);
        return op.isPresent() && lang.condition(op.get(), call, receiverTree(call), ifTrue, ifFalse);
    }

    /**
     * {@code Integer.compareUnsigned(a, b) op 0} (and {@code Long}'s): an unsigned comparison of
     * {@code a} and {@code b}. Returns the comparison emitted, or empty when the pattern does not apply.
     */
    Optional<Cmp> unsignedComparison(BinaryTree b, Block ifTrue, Block ifFalse) {
        ExpressionTree left = strip(b.getLeftOperand());
        ExpressionTree right = strip(b.getRightOperand());
        boolean zeroRight = lowering.constants().integral(right).filter(v -> v == 0).isPresent();
        boolean zeroLeft = lowering.constants().integral(left).filter(v -> v == 0).isPresent();
        ExpressionTree callTree = zeroRight ? left : zeroLeft ? right : null;
        if (!(callTree instanceof MethodInvocationTree call) || !jdk.isCompareUnsigned(call)) {
            return Optional.empty();
        }
        Cmp cmp = unsigned(Conditions.signedCmp(b.getKind()));
        if (zeroLeft) {
            cmp = cmp.swap();
        }
        Scalar x = lowering.expressions().scalar(call.getArguments().get(0));
        Scalar y = lowering.expressions().scalar(call.getArguments().get(1));
        TypeKind kind = x.kind() == TypeKind.LONG || y.kind() == TypeKind.LONG ? TypeKind.LONG : TypeKind.INT;
        flow.branch(cmp, lowering.expressions().convert(lowering.expressions().promote(x), kind).value(),
                lowering.expressions().convert(lowering.expressions().promote(y), kind).value(), ifTrue, ifFalse);
        return Optional.of(cmp);
    }

    private static Cmp unsigned(Cmp signed) {
        switch (signed) {
            case SLT: return Cmp.ULT;
            case SLE: return Cmp.ULE;
            case SGT: return Cmp.UGT;
            case SGE: return Cmp.UGE;
            default: return signed;
        }
    }

    /** The licenses the kernel's {@code license_is_gpl_compatible} accepts. */
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private static ExpressionTree strip(ExpressionTree e) {
        while (e instanceof ParenthesizedTree p) {
            e = p.getExpression();
        }
        return e;
    }

    private static ExpressionTree receiverTree(MethodInvocationTree call) {
        return call.getMethodSelect() instanceof MemberSelectTree s ? s.getExpression() : null;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * {@code Bpf.xxx(...)}: Java arguments fill the helper's C parameters in order, except those
     * {@link Helper#sizeArgs()} names, which get the byte size of the argument before them.
     */
    private JValue helperCall(Helper helper, MethodInvocationTree call, ExecutableElement method) {
        if (Arrays.asList(helper.unavailableIn()).contains(lowering.program().type())) {
            throw Lowering.error(call, helper.name() + " is not allowed in " + lowering.program().type()
                    + " programs: the kernel's verifier refuses that helper for this program type;"
                    + " move the call to a program type that has it (see the Javadoc of Bpf." + method.getSimpleName() + ")");
        }
        String license = lowering.program().license();
        if (helper.gplOnly() && !GPL_COMPATIBLE.contains(license)) {
            throw Lowering.error(call, helper.name() + " is GPL-only: the kernel refuses it in a program whose license, \""
                    + license + "\", is not GPL-compatible; declare @BpfProgram(license = \"GPL\") (or \"Dual BSD/GPL\", "
                    + "\"Dual MIT/GPL\", ...) or do without Bpf." + method.getSimpleName() + "()");
        }
        List<Value> args = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int lastSize = 0;
        List<? extends ExpressionTree> javaArgs = call.getArguments();
        int java = 0;
        while (java < javaArgs.size() || isSizeArg(helper, args.size())) {
            if (isSizeArg(helper, args.size())) {
                args.add(Constant.i64(lastSize));
                continue;
            }
            ExpressionTree argTree = javaArgs.get(java++);
            JValue v = lowering.expressions().lower(argTree);
            lastSize = byteSize(v);
            args.add(helperArgument(v, argTree));
            sizes.add(lastSize);
        }
        if (args.size() > 5) {
            throw Lowering.error(call, helper.name() + " takes at most 5 arguments in BPF; this call passes " + args.size());
        }
        TypeKind ret = method.getReturnType().getKind();
        Value r = builder.helperCall(helper.id(),
                new HelperTraits(helper.changesPacket(), helper.filledArg(), helper.removable(), helper.takesLock()),
                ret == TypeKind.VOID ? Type.VOID : Type.I64, args.toArray(new Value[0]));
        if (helper.changesPacket()) {
            flow.packetChanged();
        }
        if (ret == TypeKind.VOID) {
            return null;
        }
        Scalar result = new Scalar(r, TypeKind.LONG);
        if (ret == TypeKind.BOOLEAN) {
            return lowering.conditions().compareToZero(result, Cmp.NE);
        }
        return ret.isPrimitive() ? lowering.expressions().convert(result, ret) : result;
    }

    private static boolean isSizeArg(Helper helper, int position) {
        for (int p : helper.sizeArgs()) {
            if (p == position) {
                return true;
            }
        }
        return false;
    }

    private static int byteSize(JValue v) {
        if (v instanceof JValue.Struct s) {
            return s.layout().size();
        }
        if (v instanceof JValue.Array a) {
            return a.byteSize();
        }
        if (v instanceof JValue.Text t) {
            return t.text().length() + 1;
        }
        return 0;
    }

    /** A helper argument: integers widened to 64 bits, memory passed by address. */
    private Value helperArgument(JValue v, Tree tree) {
        if (v instanceof Scalar || v instanceof JValue.Boxed) {
            return lowering.expressions().convert(lowering.expressions().toScalar(v, tree), TypeKind.LONG).value();
        }
        if (v instanceof JValue.Null) {
            return Constant.i64(0);
        }
        if (v instanceof JValue.Context c) {
            return c.pointer();
        }
        if (v instanceof JValue.Kernel k) {
            return lowering.kernel().address(k);
        }
        if (v instanceof JValue.KernelChars chars) {
            return lowering.kernel().address(chars);
        }
        if (v instanceof JValue.Map m) {
            return builder.mapAddr(m.map().name());
        }
        if (v instanceof JValue.Text t) {
            return stackString(t.text(), tree);
        }
        if (v instanceof JValue.Struct || v instanceof JValue.Array) {
            return passedMemory(v, tree);
        }
        throw Lowering.error(tree, "'" + tree + "' cannot be passed to a helper");
    }

    /** The address of the memory at {@code pointer + offset}, for a helper or map argument. */
    Value address(Value pointer, int offset, Tree tree) {
        lowering.memory().requireNonNull(pointer, tree);
        if (offset == 0) {
            return pointer;
        }
        if (pointer.type() == Type.CTX) {
            throw Lowering.error(tree, "a member of the context cannot be passed by address: the kernel forbids pointer "
                    + "arithmetic on the context; copy it into a local struct or array first");
        }
        return builder.ptrAdd(pointer, Constant.i64(offset));
    }

    /** A NUL-terminated string built on the stack, for format arguments. */
    private Value stackString(String text, Tree tree) {
        byte[] bytes = (text + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int size = (bytes.length + 7) & ~7;
        Value p = lowering.stackAlloc(size, false, tree);
        for (int i = 0; i < size; i += 8) {
            long word = 0;
            for (int k = 0; k < 8 && i + k < bytes.length; k++) {
                word |= (bytes[i + k] & 0xFFL) << (8 * k);
            }
            builder.store(p, i, 8, Constant.i64(word));
        }
        return p;
    }

    // ------------------------------------------------------------------ inlining

    /** The call's arguments in Java's order, primitives converted to their parameter types. */
    private List<JValue> arguments(MethodInvocationTree call, ExecutableElement method) {
        List<JValue> args = new ArrayList<>();
        for (int i = 0; i < call.getArguments().size(); i++) {
            ExpressionTree argTree = call.getArguments().get(i);
            JValue v = lowering.expressions().lower(argTree);
            TypeKind kind = method.getParameters().get(i).asType().getKind();
            args.add(kind.isPrimitive() ? lowering.expressions().convert(lowering.expressions().toScalar(v, argTree), kind) : v);
        }
        return args;
    }

    /** Static methods of this class (and instance methods of its @BpfStruct classes) are inlined at each call. */
    private JValue inline(MethodInvocationTree call, ExecutableElement method) {
        TreePath path = lowering.typed().trees().getPath(method);
        boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
        if (path == null && !isStatic && receiverTree(call) != null
                && lowering.expressions().lower(receiverTree(call)) instanceof JValue.Struct self) {
            Optional<Scalar> v = bytecode.inline(method, self, call);
            if (v.isPresent()) {
                return v.get();
            }
            throw Lowering.error(call, method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "() is compiled "
                    + "elsewhere and is not a single expression over the struct's fields, which is all the compiler can inline "
                    + "from a class file; read the fields directly");
        }
        if (path == null || path.getCompilationUnit() != lowering.typed().unit() || !(path.getLeaf() instanceof MethodTree decl)
                || decl.getBody() == null) {
            throw Lowering.error(call, SubsetChecker.unsupportedCall(method, call));
        }
        JValue self = null;
        if (!isStatic) {
            ExpressionTree receiver = receiverTree(call);
            self = receiver == null ? lowering.frame().bindings.get(THIS) : lowering.expressions().lower(receiver);
            if (!(self instanceof JValue.Struct)) {
                throw Lowering.error(call, "virtual call of " + method.getSimpleName() + "(): BPF code has no objects or dynamic "
                        + "dispatch; make it a static method of this class");
            }
        }
        List<JValue> args = arguments(call, method);
        Block returnBlock = flow.newBlock("ret_" + method.getSimpleName());
        Lowering.Frame frame = lowering.pushFrame(method, call, returnBlock);
        if (self != null) {
            frame.bindings.put(THIS, self);
        }
        for (int i = 0; i < args.size(); i++) {
            VariableElement param = method.getParameters().get(i);
            if (args.get(i) instanceof Scalar s) {
                flow.write(lowering.variable(param), s.value());
            } else {
                frame.bindings.put(param, args.get(i));
            }
        }
        lowering.statements().lower(decl.getBody());
        if (flow.reachable()) {
            frame.returnFrom.add(builder.currentBlock());
            frame.returnValues.add(null);
            flow.jump(returnBlock);
        }
        lowering.popFrame();
        lowering.at(call);
        flow.enterSealed(returnBlock);
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            return null;
        }
        return lowering.conditions().merge(frame.returnFrom, frame.returnValues, call);
    }

    // ------------------------------------------------------------------ BPF-to-BPF calls

    /** A call of a {@code @BpfFunction} method: a CALL of its subprogram, compiled once per argument kinds. */
    private JValue callFunction(MethodInvocationTree call, ExecutableElement method) {
        TreePath path = lowering.typed().trees().getPath(method);
        if (path == null || path.getCompilationUnit() != lowering.typed().unit() || !(path.getLeaf() instanceof MethodTree decl)
                || decl.getBody() == null) {
            throw Lowering.error(call, "@BpfFunction " + method.getSimpleName() + "() is declared in another file: a BPF "
                    + "function is compiled with the programs of its own class; move it to this class");
        }
        lowering.subprograms().checkCallable(method, decl, call);
        List<JValue> args = arguments(call, method);
        List<Type> types = Subprograms.parameterTypes(method, args, call.getArguments());
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            values.add(functionArgument(args.get(i), call.getArguments().get(i)));
        }
        Subprograms.Compiled callee = lowering.subprograms().require(method, decl, args, types, lowering.program(), call);
        lowering.calling(callee, call);
        lowering.at(call);
        Value r = builder.call(callee.name(), callee.changesPacket(), callee.returnType(), values.toArray(new Value[0]));
        if (callee.changesPacket()) {
            flow.packetChanged();
        }
        TypeKind ret = method.getReturnType().getKind();
        return ret == TypeKind.VOID ? null : new Scalar(r, ret);
    }

    /** A scalar in a register; a struct, an array or the context by address. */
    private Value functionArgument(JValue v, Tree tree) {
        if (v instanceof Scalar s) {
            return s.value();
        }
        if (v instanceof JValue.Context c) {
            return c.pointer();
        }
        return passedMemory(v, tree);
    }

    /**
     * The address of a struct or array handed to a helper or BPF function. The callee may fill it
     * (Bpf.getCurrentComm, a BPF function that sets a record's members), so from here on its bytes
     * count as written; what the callee reads of a reserved record is not checked.
     */
    private Value passedMemory(JValue v, Tree tree) {
        Value pointer = v instanceof JValue.Array a ? a.pointer() : ((JValue.Struct) v).pointer();
        int offset = v instanceof JValue.Array a ? a.offset() : ((JValue.Struct) v).offset();
        Value address = address(pointer, offset, tree);
        flow.written(pointer, offset, byteSize(v));
        return address;
    }

    static boolean isEnumConstant(Element e) {
        return e != null && e.getKind() == ElementKind.ENUM_CONSTANT;
    }

    /** The position of an enum constant among its enum's constants. */
    static int ordinal(Element constant) {
        int i = 0;
        for (Element e : ((TypeElement) constant.getEnclosingElement()).getEnclosedElements()) {
            if (e.getKind() == ElementKind.ENUM_CONSTANT) {
                if (e.equals(constant)) {
                    return i;
                }
                i++;
            }
        }
        throw new IllegalArgumentException(constant + " is not an enum constant");
    }
}
