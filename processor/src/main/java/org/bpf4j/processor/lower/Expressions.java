package org.bpf4j.processor.lower;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.isa.BpfStack;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.source.ConstantValues;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.ssa.ControlFlow;
import org.bpf4j.processor.model.FieldLayout;
import org.bpf4j.processor.model.Foldables;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.JavaConstants;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.StructModel;

/** Lowers Java expressions to IR values with Java's semantics (JLS 4.2, 5, 15). */
final class Expressions {
    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    Expressions(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    // ------------------------------------------------------------------ entry points

    JValue lower(ExpressionTree e) {
        TypeKind kind = lowering.typed().kind(e);
        if (kind.isPrimitive()) {
            Optional<Long> constant = lowering.constants().integral(e);
            if (constant.isPresent()) {
                return constant(constant.get(), kind);
            }
        }
        switch (e.getKind()) {
            case PARENTHESIZED:
                return lower(((ParenthesizedTree) e).getExpression());
            case NULL_LITERAL:
                return new JValue.Null();
            case STRING_LITERAL:
                return new JValue.Text((String) ((LiteralTree) e).getValue());
            case IDENTIFIER:
            case MEMBER_SELECT:
                if (lowering.typed().element(e) instanceof VariableElement v && v.getConstantValue() instanceof String text) {
                    return new JValue.Text(text);
                }
                if (lowering.typed().element(e) instanceof VariableElement v && KernelStructs.isKernelEnumConstant(v)) {
                    return lowering.kernel().enumerator(v);
                }
                return e.getKind() == Tree.Kind.IDENTIFIER ? name((IdentifierTree) e) : select((MemberSelectTree) e);
            case ARRAY_ACCESS:
                return lowering.places().elementValue((ArrayAccessTree) e);
            case METHOD_INVOCATION:
                return lowering.calls().invoke((MethodInvocationTree) e);
            case NEW_CLASS:
                return newStruct((NewClassTree) e);
            case NEW_ARRAY:
                return newArray((NewArrayTree) e);
            case ASSIGNMENT:
                return assign((AssignmentTree) e);
            case CONDITIONAL_EXPRESSION:
                return lowering.conditions().conditional((ConditionalExpressionTree) e);
            case TYPE_CAST:
                return cast((TypeCastTree) e);
            case SWITCH_EXPRESSION:
                return lowering.statements().switchExpression((SwitchExpressionTree) e);
            case PREFIX_INCREMENT:
            case PREFIX_DECREMENT:
            case POSTFIX_INCREMENT:
            case POSTFIX_DECREMENT:
                return increment((UnaryTree) e);
            case UNARY_MINUS:
            case UNARY_PLUS:
            case BITWISE_COMPLEMENT:
                return unary((UnaryTree) e);
            case LOGICAL_COMPLEMENT:
            case CONDITIONAL_AND:
            case CONDITIONAL_OR:
            case EQUAL_TO:
            case NOT_EQUAL_TO:
            case LESS_THAN:
            case LESS_THAN_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_EQUAL:
                return lowering.conditions().booleanValue(e);
            case MEMBER_REFERENCE:
            case LAMBDA_EXPRESSION:
                throw Lowering.error(e, "lambdas and method references are not supported: BPF has no function objects; "
                        + "call a static method of this class instead");
            case INSTANCE_OF:
                throw Lowering.error(e, "instanceof is not supported: BPF values carry no runtime type; "
                        + "use the declared @BpfStruct type directly");
            default:
                if (e instanceof CompoundAssignmentTree c) {
                    return compoundAssign(c);
                }
                if (e instanceof BinaryTree b) {
                    return binary(b);
                }
                throw Lowering.error(e, "this expression (" + e.getKind().toString().toLowerCase().replace('_', ' ')
                        + ") is not supported in BPF code");
        }
    }

    /** Lowers an expression of primitive (or boxed map value) type. */
    Scalar scalar(ExpressionTree e) {
        return toScalar(lower(e), e);
    }

    Scalar toScalar(JValue v, Tree tree) {
        if (v instanceof Scalar s) {
            return s;
        }
        if (v instanceof JValue.Boxed boxed) {
            return lowering.memory().load(boxed.pointer(), 0, boxed.kind(), false, false, tree);
        }
        throw Lowering.error(tree, "'" + tree + "' is not a primitive value here");
    }

    static Scalar constant(long bits, TypeKind kind) {
        return new Scalar(Constant.of(Scalar.irType(kind), bits), kind);
    }

    // ------------------------------------------------------------------ conversions (JLS 5.1)

    /** Widening or narrowing primitive conversion of {@code v} to {@code to}. */
    Scalar convert(Scalar v, TypeKind to) {
        TypeKind from = v.kind();
        if (from == to) {
            return v;
        }
        Value x = v.value();
        if (x instanceof Constant c) {
            return constant(JavaConstants.bits(ConstantValues.convert(c.value(), to)), to);
        }
        if (to == TypeKind.LONG) {
            return new Scalar(builder.sext(x, 4, Type.I64), to);
        }
        if (x.type() == Type.I64) {
            x = builder.trunc(x);
        }
        switch (to) {
            case INT:
                return new Scalar(x, to);
            case SHORT:
                return new Scalar(from == TypeKind.BYTE ? x : builder.sext(x, 2, Type.I32), to);
            case BYTE:
                return new Scalar(builder.sext(x, 1, Type.I32), to);
            case CHAR:
                return new Scalar(builder.zext(x, 2, Type.I32), to);
            case BOOLEAN:
                return new Scalar(x, to);
            default:
                throw new IllegalStateException("no conversion to " + to);
        }
    }

    /** Unary numeric promotion: byte, short, char → int. */
    Scalar promote(Scalar v) {
        return v.kind() == TypeKind.LONG || v.kind() == TypeKind.INT ? v : new Scalar(v.value(), TypeKind.INT);
    }

    static TypeKind binaryPromotion(TypeKind a, TypeKind b) {
        return a == TypeKind.LONG || b == TypeKind.LONG ? TypeKind.LONG : TypeKind.INT;
    }

    // ------------------------------------------------------------------ names and members

    private JValue name(IdentifierTree id) {
        Element e = lowering.typed().element(id);
        if (id.getName().contentEquals("this")) {
            JValue self = lowering.frame().bindings.get(Calls.THIS);
            if (self == null) {
                throw Lowering.error(id, "'this' is only available in methods of @BpfStruct classes");
            }
            return self;
        }
        if (e == null) {
            throw Lowering.error(id, "cannot resolve '" + id + "'");
        }
        switch (e.getKind()) {
            case LOCAL_VARIABLE:
            case PARAMETER: {
                JValue bound = lowering.frame().bindings.get(e);
                if (bound != null) {
                    return bound;
                }
                TypeKind kind = e.asType().getKind();
                if (kind.isPrimitive()) {
                    return new Scalar(flow.read(lowering.variable(e)), kind);
                }
                throw Lowering.error(id, "'" + id + "' has no value here");
            }
            case FIELD:
                if (!e.getModifiers().contains(Modifier.STATIC)) {
                    JValue self = lowering.frame().bindings.get(Calls.THIS);
                    if (self instanceof JValue.Struct s) {
                        return member(s, (VariableElement) e, id, false);
                    }
                }
                return staticField((VariableElement) e, id);
            default:
                throw Lowering.error(id, "'" + id + "' (" + e.getKind().toString().toLowerCase() + ") cannot be used as a value in BPF code");
        }
    }

    private JValue staticField(VariableElement field, Tree tree) {
        if (!field.getModifiers().contains(Modifier.STATIC)) {
            throw Lowering.error(tree, "instance field '" + field.getSimpleName() + "' of a class that is not a @BpfStruct: "
                    + "BPF code has no objects; use static fields (globals), maps or @BpfStruct locals");
        }
        Optional<MapField> map = lowering.symbols().map(field);
        if (map.isPresent()) {
            return new JValue.Map(map.get());
        }
        Optional<GlobalField> global = lowering.symbols().global(field);
        if (global.isPresent()) {
            return global.get().isArray() ? lowering.places().globalArray(global.get())
                    : lowering.places().globalPlace(global.get(), tree).read();
        }
        if (field.getConstantValue() != null && field.asType().getKind().isPrimitive()) {
            return constant(JavaConstants.bits(field.getConstantValue()), field.asType().getKind());
        }
        Optional<ExpressionTree> init = lowering.constants().initializer(field);
        if (init.isPresent() && init.get() instanceof MethodInvocationTree call) {
            try {
                lowering.constants().fold(call);
            } catch (Foldables.Failure failure) {
                throw Lowering.error(call, failure.getMessage());
            }
        }
        throw Lowering.error(tree, "static field '" + field.getSimpleName() + "' of " + field.getEnclosingElement().getSimpleName()
                + " is not available in BPF code: only @BpfMap fields, globals of this class and compile-time constants "
                + "(static final primitives with constant initializers, @Foldable calls such as Ipv4.parse(\"10.0.0.1\") "
                + "included) can be used");
    }

    private JValue select(MemberSelectTree s) {
        if (s.getIdentifier().contentEquals("class")) {
            return new JValue.ClassLiteral(lowering.typed().type(s.getExpression()));
        }
        Element e = lowering.typed().element(s);
        if (e == null) {
            throw Lowering.error(s, "cannot resolve '" + s + "'");
        }
        if (e.getKind() == ElementKind.FIELD && e.getModifiers().contains(Modifier.STATIC)) {
            return staticField((VariableElement) e, s);
        }
        if (e.getKind() != ElementKind.FIELD) {
            throw Lowering.error(s, "'" + s + "' cannot be used as a value in BPF code");
        }
        JValue receiver = lower(s.getExpression());
        if (receiver instanceof JValue.Array a && s.getIdentifier().contentEquals("length")) {
            return constant(a.length(), TypeKind.INT);
        }
        if (receiver instanceof JValue.ContextArray a && s.getIdentifier().contentEquals("length")) {
            return constant(a.length(), TypeKind.INT);
        }
        return memberPlaceOrValue(receiver, (VariableElement) e, s, false);
    }

    JValue memberPlaceOrValue(JValue receiver, VariableElement field, MemberSelectTree s, boolean zeroExtend) {
        if (receiver instanceof JValue.Struct st) {
            return member(st, field, s, zeroExtend);
        }
        if (receiver instanceof JValue.Context ctx) {
            return lowering.places().contextValue(ctx, field, s);
        }
        if (receiver instanceof JValue.Kernel k) {
            return lowering.kernel().member(k, field, s);
        }
        throw Lowering.error(s, "field '" + field.getSimpleName() + "' of " + field.getEnclosingElement().getSimpleName()
                + " is not available in BPF code: only members of @BpfStruct values and @CtxField members of the context are");
    }

    /** A member of a struct: a scalar load, or a view of an embedded struct or array. */
    JValue member(JValue.Struct s, VariableElement field, Tree tree, boolean zeroExtend) {
        FieldLayout f = fieldOf(s, field, tree);
        lowering.memory().requireNonNull(s.pointer(), receiverOf(tree));
        if (f.nested().isPresent() && !f.isArray()) {
            return new JValue.Struct(s.pointer(), s.offset() + f.offset(), f.nested().get(), s.networkOrder());
        }
        if (f.isArray()) {
            return new JValue.Array(s.pointer(), s.offset() + f.offset(), f.elementType(), f.elementSize(), f.arrayLength(),
                    f.nested().orElse(null), s.networkOrder());
        }
        return lowering.memory().loadMember(s, f, zeroExtend, tree);
    }

    static Tree receiverOf(Tree tree) {
        return tree instanceof MemberSelectTree m ? m.getExpression() : tree;
    }

    FieldLayout fieldOf(JValue.Struct s, VariableElement field, Tree tree) {
        for (FieldLayout f : s.layout().fields()) {
            if (f.field().equals(field) || f.name().contentEquals(field.getSimpleName())
                    && f.field().getEnclosingElement().equals(field.getEnclosingElement())) {
                return f;
            }
        }
        throw Lowering.error(tree, "'" + field.getSimpleName() + "' is not a member of @BpfStruct " + s.layout().cName());
    }

    // ------------------------------------------------------------------ allocation

    private JValue newStruct(NewClassTree n) {
        TypeMirror type = lowering.typed().type(n);
        Optional<StructModel> layout = lowering.symbols().struct(type);
        if (layout.isEmpty()) {
            throw Lowering.error(n, "'new " + n.getIdentifier() + "(...)' is not supported: BPF has no heap; only @BpfStruct "
                    + "classes can be created (they live on the " + BpfStack.LIMIT + "-byte stack)");
        }
        if (!n.getArguments().isEmpty() || n.getClassBody() != null) {
            throw Lowering.error(n, "a @BpfStruct is created with its no-argument constructor only; assign the members afterwards");
        }
        StructModel s = layout.get();
        requireAllocatedMembers(s, n);
        Value p = lowering.stackAlloc(s.size(), true, n);
        return new JValue.Struct(p, 0, s, LangSymbols.networkOrder(s.element()));
    }

    /**
     * The kernel's struct holds its arrays and nested structs inline (zeroed); after {@code new}
     * on the JVM a member without an initializer is null, and the first use throws. So a struct
     * created in BPF code must allocate them in their declarations, with the declared length.
     * Structs compiled elsewhere (no source) are not checked.
     */
    private void requireAllocatedMembers(StructModel s, NewClassTree n) {
        for (FieldLayout f : s.fields()) {
            if (!(lowering.typed().trees().getTree(f.field()) instanceof VariableTree v)) {
                continue;
            }
            ExpressionTree init = v.getInitializer();
            String owner = s.element().getSimpleName() + "." + f.name();
            if (f.isArray() && f.elementType().getKind().isPrimitive()) {
                String allocation = "new " + f.elementType() + "[" + f.arrayLength() + "]";
                if (init == null) {
                    throw Lowering.error(n, "new " + s.element().getSimpleName() + "() leaves " + owner + " null on the JVM, "
                            + "where the kernel's struct holds " + f.arrayLength() + " zeroed elements: declare it as "
                            + "'@Size(" + f.arrayLength() + ") public " + f.elementType() + "[] " + f.name() + " = "
                            + allocation + ";'");
                }
                if (init instanceof NewArrayTree array && array.getDimensions().size() == 1
                        && array.getDimensions().get(0) instanceof LiteralTree length
                        && !Long.valueOf(f.arrayLength()).equals(((Number) length.getValue()).longValue())) {
                    boolean here = lowering.typed().trees().getPath(f.field()).getCompilationUnit() == lowering.typed().unit();
                    throw Lowering.error(here ? init : n, owner + " is @Size(" + f.arrayLength() + ") in the kernel but " + init
                            + " on the JVM: allocate " + allocation);
                }
            } else if (f.nested().isPresent() && !f.isArray()) {
                if (init == null) {
                    throw Lowering.error(n, "new " + s.element().getSimpleName() + "() leaves " + owner + " null on the JVM, "
                            + "where the kernel's struct holds it inline: declare it with '= new "
                            + f.nested().get().element().getSimpleName() + "()'");
                }
                requireAllocatedMembers(f.nested().get(), n);
            }
        }
    }

    private JValue newArray(NewArrayTree n) {
        TypeMirror type = lowering.typed().type(n);
        if (!(type instanceof ArrayType at) || n.getDimensions().size() > 1
                || at.getComponentType().getKind() == TypeKind.ARRAY) {
            throw Lowering.error(n, "only one-dimensional arrays of primitives or @BpfStruct classes can be created in BPF code");
        }
        TypeMirror element = at.getComponentType();
        Optional<StructModel> layout = lowering.symbols().struct(element);
        int elementSize = layout.map(StructModel::size)
                .orElseGet(() -> element.getKind().isPrimitive() ? Memory.sizeOf(element.getKind(), n) : -1);
        if (elementSize < 0) {
            throw Lowering.error(n, "arrays of " + element + " are not supported: use primitives or a @BpfStruct");
        }
        int length;
        if (n.getDimensions().size() == 1) {
            ExpressionTree dim = n.getDimensions().get(0);
            length = lowering.constants().integral(dim).map(Long::intValue).orElseThrow(() -> Lowering.error(dim,
                    "array length '" + dim + "' is not a constant: BPF stack frames have a fixed size; use a compile-time constant"));
            if (length <= 0) {
                throw Lowering.error(dim, "array length must be positive, was " + length);
            }
        } else {
            length = n.getInitializers().size();
        }
        Value p = lowering.stackAlloc(length * elementSize, true, n);
        JValue.Array array = new JValue.Array(p, 0, element, elementSize, length, layout.orElse(null), false);
        if (n.getInitializers() != null) {
            int i = 0;
            for (ExpressionTree init : n.getInitializers()) {
                if (layout.isPresent()) {
                    throw Lowering.error(init, "initialize struct array elements member by member");
                }
                Scalar v = convert(scalar(init), element.getKind());
                if (!(v.value() instanceof Constant c && c.value() == 0)) {
                    lowering.memory().store(p, i * elementSize, element.getKind(), false, v, init);
                }
                i++;
            }
        }
        return array;
    }

    // ------------------------------------------------------------------ assignment

    private JValue assign(AssignmentTree a) {
        Place p = lowering.places().place(a.getVariable());
        if (!p.kind().isPrimitive()) {
            throw Lowering.error(a, "cannot assign '" + a.getVariable() + "' as a whole");
        }
        Scalar v = convert(scalar(a.getExpression()), p.kind());
        p.write(v);
        return v;
    }

    private JValue compoundAssign(CompoundAssignmentTree c) {
        Place p = lowering.places().place(c.getVariable());
        Scalar old = p.read();
        Scalar rhs = scalar(c.getExpression());
        Scalar result = arithmetic(compoundOperator(c), old, rhs, c);
        Scalar v = convert(result, p.kind());
        p.write(v);
        return v;
    }

    private static Tree.Kind compoundOperator(CompoundAssignmentTree c) {
        switch (c.getKind()) {
            case PLUS_ASSIGNMENT: return Tree.Kind.PLUS;
            case MINUS_ASSIGNMENT: return Tree.Kind.MINUS;
            case MULTIPLY_ASSIGNMENT: return Tree.Kind.MULTIPLY;
            case DIVIDE_ASSIGNMENT: return Tree.Kind.DIVIDE;
            case REMAINDER_ASSIGNMENT: return Tree.Kind.REMAINDER;
            case AND_ASSIGNMENT: return Tree.Kind.AND;
            case OR_ASSIGNMENT: return Tree.Kind.OR;
            case XOR_ASSIGNMENT: return Tree.Kind.XOR;
            case LEFT_SHIFT_ASSIGNMENT: return Tree.Kind.LEFT_SHIFT;
            case RIGHT_SHIFT_ASSIGNMENT: return Tree.Kind.RIGHT_SHIFT;
            default: return Tree.Kind.UNSIGNED_RIGHT_SHIFT;
        }
    }

    private JValue increment(UnaryTree u) {
        Place p = lowering.places().place(u.getExpression());
        Scalar old = p.read();
        Tree.Kind op = u.getKind() == Tree.Kind.PREFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_INCREMENT
                ? Tree.Kind.PLUS : Tree.Kind.MINUS;
        Scalar v = convert(arithmetic(op, old, constant(1, TypeKind.INT), u), p.kind());
        p.write(v);
        boolean postfix = u.getKind() == Tree.Kind.POSTFIX_INCREMENT || u.getKind() == Tree.Kind.POSTFIX_DECREMENT;
        return postfix ? old : v;
    }

    // ------------------------------------------------------------------ arithmetic

    private JValue unary(UnaryTree u) {
        Scalar v = promote(scalar(u.getExpression()));
        switch (u.getKind()) {
            case UNARY_MINUS:
                return new Scalar(builder.neg(v.value()), v.kind());
            case UNARY_PLUS:
                return v;
            default:
                return new Scalar(builder.xor(v.value(), Constant.of(v.value().type(), -1)), v.kind());
        }
    }

    private JValue binary(BinaryTree b) {
        if (lowering.typed().type(b).getKind() == TypeKind.DECLARED) {
            throw Lowering.error(b, "string concatenation is not supported: BPF has no strings; pass values to a helper such as "
                    + "Bpf.tracePrintk(\"fmt %d\", value) instead");
        }
        Optional<Scalar> folded = zeroExtendingLoad(b);
        if (folded.isPresent()) {
            return folded.get();
        }
        Scalar left = scalar(b.getLeftOperand());
        Scalar right = scalar(b.getRightOperand());
        if (left.kind() == TypeKind.BOOLEAN && right.kind() == TypeKind.BOOLEAN) {
            Op op = b.getKind() == Tree.Kind.AND ? Op.AND : b.getKind() == Tree.Kind.OR ? Op.OR : Op.XOR;
            return new Scalar(builder.binary(op, left.value(), right.value()), TypeKind.BOOLEAN);
        }
        return arithmetic(b.getKind(), left, right, b);
    }

    /**
     * {@code x & 0xFF} / {@code x & 0xFFFF} where {@code x} is a byte/short member: a zero-extending
     * load instead of a sign-extending load and a mask.
     */
    private Optional<Scalar> zeroExtendingLoad(BinaryTree b) {
        if (b.getKind() != Tree.Kind.AND) {
            return Optional.empty();
        }
        for (int side = 0; side < 2; side++) {
            ExpressionTree mask = side == 0 ? b.getRightOperand() : b.getLeftOperand();
            ExpressionTree operand = strip(side == 0 ? b.getLeftOperand() : b.getRightOperand());
            Optional<Long> m = lowering.constants().integral(mask);
            TypeKind kind = lowering.typed().kind(operand);
            boolean fits = m.isPresent() && (kind == TypeKind.BYTE && m.get() == 0xFF || kind == TypeKind.SHORT && m.get() == 0xFFFF);
            if (fits && operand instanceof MemberSelectTree s && lowering.typed().element(s) instanceof VariableElement f
                    && f.getKind() == ElementKind.FIELD && !f.getModifiers().contains(Modifier.STATIC)) {
                JValue receiver = lower(s.getExpression());
                if (receiver instanceof JValue.Struct st) {
                    Scalar v = (Scalar) member(st, f, s, true);
                    return Optional.of(lowering.typed().kind(b) == TypeKind.LONG ? convert(v, TypeKind.LONG) : v);
                }
                return Optional.of(arithmetic(Tree.Kind.AND, toScalar(memberPlaceOrValue(receiver, f, s, false), s),
                        scalar(mask), b));
            }
        }
        return Optional.empty();
    }

    static ExpressionTree strip(ExpressionTree e) {
        while (e instanceof ParenthesizedTree p) {
            e = p.getExpression();
        }
        return e;
    }

    /** {@code left op right} with binary numeric promotion (shifts: the left operand's type). */
    Scalar arithmetic(Tree.Kind op, Scalar left, Scalar right, Tree tree) {
        boolean shift = op == Tree.Kind.LEFT_SHIFT || op == Tree.Kind.RIGHT_SHIFT || op == Tree.Kind.UNSIGNED_RIGHT_SHIFT;
        TypeKind kind = shift ? promote(left).kind() : binaryPromotion(left.kind(), right.kind());
        Value a = convert(promote(left), kind).value();
        Value c = shift ? shiftCount(right, kind) : convert(promote(right), kind).value();
        Op irOp;
        switch (op) {
            case PLUS: irOp = Op.ADD; break;
            case MINUS: irOp = Op.SUB; break;
            case MULTIPLY: irOp = Op.MUL; break;
            case DIVIDE: irOp = Op.SDIV; checkDivisor(c, tree); break;
            case REMAINDER: irOp = Op.SREM; checkDivisor(c, tree); break;
            case AND: irOp = Op.AND; break;
            case OR: irOp = Op.OR; break;
            case XOR: irOp = Op.XOR; break;
            case LEFT_SHIFT: irOp = Op.SHL; break;
            case RIGHT_SHIFT: irOp = Op.ASHR; break;
            case UNSIGNED_RIGHT_SHIFT: irOp = Op.LSHR; break;
            default:
                throw Lowering.error(tree, "operator " + op + " is not an arithmetic operator");
        }
        return new Scalar(builder.binary(irOp, a, c), kind);
    }

    private Value shiftCount(Scalar count, TypeKind kind) {
        Scalar c = promote(count);
        if (kind == TypeKind.LONG && c.kind() != TypeKind.LONG) {
            return convert(c, TypeKind.LONG).value();
        }
        if (kind != TypeKind.LONG && c.kind() == TypeKind.LONG) {
            return convert(c, TypeKind.INT).value();
        }
        return c.value();
    }

    /**
     * Java throws on a zero divisor; BPF yields 0 (quotient) or the dividend (remainder). A
     * constant zero is an error; a variable divisor gets the BPF behaviour (documented).
     */
    static void checkDivisor(Value divisor, Tree tree) {
        if (divisor instanceof Constant c && c.value() == 0) {
            throw Lowering.error(tree, "division by zero: Java throws ArithmeticException, which BPF cannot; "
                    + "BPF would silently yield 0 — fix the divisor");
        }
    }

    // ------------------------------------------------------------------ casts

    private JValue cast(TypeCastTree c) {
        TypeKind to = lowering.typed().kind(c);
        JValue v = lower(c.getExpression());
        if (to.isPrimitive()) {
            if (to == TypeKind.FLOAT || to == TypeKind.DOUBLE) {
                throw Lowering.error(c, "floating point is not supported: BPF has no floating-point instructions; use integer "
                        + "(fixed-point) arithmetic");
            }
            return convert(toScalar(v, c.getExpression()), to);
        }
        if (v instanceof JValue.Struct || v instanceof JValue.Boxed || v instanceof JValue.Null) {
            TypeElement target = LangSymbols.asType(lowering.typed().type(c)).orElse(null);
            if (v instanceof JValue.Struct s && target != null && !s.layout().element().equals(target)) {
                throw Lowering.error(c, "cannot view struct " + s.layout().cName() + " as " + target.getSimpleName()
                        + ": use ctx.header(offset, " + target.getSimpleName() + ".class) to view packet bytes as another header");
            }
            return v;
        }
        if (v instanceof Scalar s) {
            return s; // boxing conversion: (Integer) x
        }
        throw Lowering.error(c, "this cast is not supported in BPF code");
    }
}
