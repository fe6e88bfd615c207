package org.bpf4j.processor.lower.check;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.object.isa.BpfStack;
import org.bpf4j.processor.lower.source.ConstantValues;
import org.bpf4j.processor.lower.source.Diagnostics;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.source.TypedTrees;
import org.bpf4j.processor.model.Foldables;

/**
 * Reports every construct outside the Java subset BPF can run, before any lowering, in the
 * program methods and the methods of this file they call: each error says what is wrong, why
 * BPF cannot do it and how to fix it.
 */
public final class SubsetChecker {
    private final TypedTrees typed;
    private final Diagnostics diagnostics;
    private final LoopBounds bounds;
    private final ConstantValues constants;
    /** The JDK methods the lowering compiles; told by the lowering, which owns their table. */
    private final Predicate<ExecutableElement> jdkIntrinsic;

    public SubsetChecker(TypedTrees typed, Diagnostics diagnostics, Predicate<ExecutableElement> jdkIntrinsic) {
        this.typed = typed;
        this.diagnostics = diagnostics;
        this.bounds = new LoopBounds(typed);
        this.constants = new ConstantValues(typed);
        this.jdkIntrinsic = jdkIntrinsic;
    }

    /** Checks {@code program} and every method of this file it calls, transitively; true when all is well. */
    public boolean check(MethodTree program) {
        int before = diagnostics.errorCount();
        Set<MethodTree> seen = new LinkedHashSet<>();
        Deque<MethodTree> work = new ArrayDeque<>();
        work.add(program);
        while (!work.isEmpty()) {
            MethodTree m = work.pop();
            if (seen.add(m) && m.getBody() != null) {
                new Scanner(work).scan(m.getBody(), null);
            }
        }
        return diagnostics.errorCount() == before;
    }

    public static String unsupportedCall(ExecutableElement method, MethodInvocationTree call) {
        return "call of " + method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName()
                + "() is not supported in BPF code: only kernel helpers (Bpf), map and context methods, JDK intrinsics "
                + "(Integer.compareUnsigned, Math.min, ...) and static methods declared in this file can be called"
                + boxedRewrite(method, call).map(r -> "; write " + r).orElse("");
    }

    /**
     * The operator form of a call on a boxed value ({@code c.equals(10L)} is {@code c == 10L}):
     * map values unbox by themselves, so comparisons and conversions need no method.
     */
    private static Optional<String> boxedRewrite(ExecutableElement method, MethodInvocationTree call) {
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        if (method.getModifiers().contains(Modifier.STATIC) || !BOXES.contains(owner)
                || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
            return Optional.empty();
        }
        String receiver = select.getExpression().toString();
        String name = method.getSimpleName().toString();
        List<? extends ExpressionTree> args = call.getArguments();
        if (name.equals("equals") && args.size() == 1) {
            return Optional.of(receiver + " == " + args.get(0) + " (after a null test: the value unboxes)");
        }
        if (name.equals("compareTo") && args.size() == 1) {
            return Optional.of(owner.substring("java.lang.".length()) + ".compare(" + receiver + ", " + args.get(0) + ")");
        }
        if (name.endsWith("Value") && args.isEmpty()) {
            String type = name.substring(0, name.length() - "Value".length());
            return Optional.of("(" + type + ") " + receiver + " (the value unboxes)");
        }
        return Optional.empty();
    }

    private static final Set<String> BOXES = Set.of("java.lang.Byte", "java.lang.Short", "java.lang.Character",
            "java.lang.Integer", "java.lang.Long", "java.lang.Boolean");

    /**
     * {@code "pid=" + pid} as the helper arguments that print it: {@code "pid=%d", pid}; empty
     * when an operand is neither a constant nor an integral value.
     */
    private Optional<String> formatOf(BinaryTree concatenation) {
        StringBuilder format = new StringBuilder();
        List<String> values = new ArrayList<>();
        List<ExpressionTree> operands = new ArrayList<>();
        flatten(concatenation, operands);
        for (ExpressionTree operand : operands) {
            Object constant = operand instanceof LiteralTree literal ? literal.getValue()
                    : typed.element(operand) instanceof VariableElement v ? v.getConstantValue() : null;
            if (constant != null) {
                format.append(String.valueOf(constant).replace("%", "%%"));
                continue;
            }
            String conversion = switch (typed.kind(operand)) {
                case LONG -> "%ld";
                case CHAR -> "%c";
                case INT, SHORT, BYTE, BOOLEAN -> "%d";
                default -> null;
            };
            if (conversion == null) {
                return Optional.empty();
            }
            format.append(conversion);
            values.add(operand.toString());
        }
        String quoted = "\"" + format.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        return Optional.of(values.isEmpty() ? quoted : quoted + ", " + String.join(", ", values));
    }

    private void flatten(ExpressionTree e, List<ExpressionTree> out) {
        if (e instanceof ParenthesizedTree p && isString(typed.type(p))) {
            flatten(p.getExpression(), out);
        } else if (e instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS && isString(typed.type(b))) {
            flatten(b.getLeftOperand(), out);
            flatten(b.getRightOperand(), out);
        } else {
            out.add(e);
        }
    }

    private static boolean isString(TypeMirror t) {
        return t != null && t.getKind() == TypeKind.DECLARED && t.toString().equals("java.lang.String");
    }

    /** A method of the JDK ({@code java.*}, {@code javax.*}): callable only when it is an intrinsic. */
    private static boolean isJdk(ExecutableElement method) {
        String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
        return owner.startsWith("java.") || owner.startsWith("javax.");
    }

    public static String unsupportedStatement(Tree s) {
        switch (s.getKind()) {
            case TRY:
                return "try/catch/finally is not supported: BPF programs have no exceptions; test conditions with if and "
                        + "return a result code instead";
            case THROW:
                return "throw is not supported: BPF programs have no exceptions; return an error code (or the program's "
                        + "verdict) instead";
            case SYNCHRONIZED:
                return "synchronized is not supported: BPF has no monitors; use atomic map updates (addIfPresent, increment) "
                        + "or per-CPU maps";
            case ASSERT:
                return "assert is not supported: BPF programs cannot abort; test the condition with if and return a verdict";
            case CLASS:
            case INTERFACE:
            case ENUM:
            case RECORD:
                return "local and anonymous classes are not supported: BPF code has no objects; declare a @BpfStruct at class "
                        + "level or a static method";
            default:
                return "this statement (" + s.getKind().toString().toLowerCase().replace('_', ' ') + ") is not supported in BPF code";
        }
    }

    private final class Scanner extends TreeScanner<Void, Void> {
        private final Deque<MethodTree> work;

        Scanner(Deque<MethodTree> work) {
            this.work = work;
        }

        @Override
        public Void scan(Tree tree, Void p) {
            if (tree instanceof ExpressionTree e && !(tree instanceof LambdaExpressionTree) && rejectedType(e)) {
                return null;
            }
            return super.scan(tree, p);
        }

        /** Floating point and strings: reported once, at the outermost expression of that type. */
        private boolean rejectedType(ExpressionTree e) {
            TypeMirror t = typed.type(e);
            if (t == null || isTypeName(e)) {
                return false;
            }
            if (t.getKind() == TypeKind.FLOAT || t.getKind() == TypeKind.DOUBLE) {
                diagnostics.error(e, "floating point is not supported: BPF has no floating-point instructions; use integer "
                        + "(fixed-point) arithmetic");
                return true;
            }
            if (isString(t) && isKernelString(e)) {
                return false;
            }
            if (isString(t) && !isHelperArgument(e) && typed.parent(e) instanceof MethodInvocationTree call
                    && call.getArguments().contains(e) && LangSymbols.intrinsic(typed.element(call)).isPresent()) {
                diagnostics.error(e, "the member name must be a compile-time constant string (a literal or a static final "
                        + "String): the compiler turns it into an offset at javac time");
                return true;
            }
            if (isString(t) && !isHelperArgument(e)) {
                Optional<String> format = e instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS ? formatOf(b) : Optional.empty();
                diagnostics.error(e, format.isPresent()
                        ? "string concatenation is not supported: BPF has no string objects; give a helper the format and "
                                + "the values instead: Bpf.tracePrintk(" + format.get() + ")"
                        : "strings are not supported here: BPF has no string objects; string literals may only be "
                                + "format arguments of helpers such as Bpf.tracePrintk(\"x=%d\", x)");
                return true;
            }
            return false;
        }

        /** A {@code static final String} constant: a format argument like a literal. */
        private boolean constantString(ExpressionTree e) {
            return typed.element(e) instanceof javax.lang.model.element.VariableElement v && v.getConstantValue() instanceof String;
        }

        /** Names of types and packages are trees too, but not values. */
        private boolean isTypeName(ExpressionTree e) {
            Element el = typed.element(e);
            return el != null && (el.getKind().isClass() || el.getKind().isInterface() || el.getKind() == ElementKind.PACKAGE);
        }

        /** A {@code String} member of a {@code @KernelStruct}: a kernel {@code char *}, no Java string. */
        private boolean isKernelString(ExpressionTree e) {
            return e instanceof MemberSelectTree s && typed.element(s) instanceof VariableElement f
                    && f.getKind() == ElementKind.FIELD && f.getEnclosingElement().getAnnotation(KernelStruct.class) != null;
        }

        private boolean isHelperArgument(ExpressionTree e) {
            Tree parent = typed.parent(e);
            // helpers take format strings; intrinsics (Atomics) take member names, resolved by the lowering
            return (e instanceof LiteralTree || constantString(e)) && parent instanceof MethodInvocationTree call
                    && call.getArguments().contains(e) && (LangSymbols.helper(typed.element(call)).isPresent()
                    || LangSymbols.intrinsic(typed.element(call)).isPresent());
        }

        @Override
        public Void visitVariable(VariableTree node, Void p) {
            TypeKind k = typed.element(node).asType().getKind();
            if (k == TypeKind.FLOAT || k == TypeKind.DOUBLE) {
                diagnostics.error(node, "floating point is not supported: BPF has no floating-point instructions; declare '"
                        + node.getName() + "' as int or long (fixed-point)");
                return null;
            }
            return super.visitVariable(node, p);
        }

        @Override
        public Void visitTry(TryTree node, Void p) {
            return reject(node);
        }

        @Override
        public Void visitThrow(ThrowTree node, Void p) {
            return reject(node);
        }

        @Override
        public Void visitSynchronized(SynchronizedTree node, Void p) {
            return reject(node);
        }

        @Override
        public Void visitAssert(AssertTree node, Void p) {
            return reject(node);
        }

        @Override
        public Void visitClass(ClassTree node, Void p) {
            return reject(node);
        }

        /** for-each works over arrays (their constant length is checked when lowering); nothing else has an iterator in BPF. */
        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void p) {
            TypeMirror type = typed.type(node.getExpression());
            if (type != null && type.getKind() != TypeKind.ARRAY) {
                diagnostics.error(node.getExpression(), "for-each over '" + node.getExpression() + "' (" + type + ") is not "
                        + "supported: BPF code has no Iterable or iterator objects; for-each iterates over arrays of constant "
                        + "length only (new T[N], array members of @BpfStruct values and of the context); look up map "
                        + "entries one key at a time with get(key)");
                return null;
            }
            return super.visitEnhancedForLoop(node, p);
        }

        private Void reject(StatementTree node) {
            diagnostics.error(node, unsupportedStatement(node));
            return null;
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void p) {
            diagnostics.error(node, "lambdas are not supported: BPF has no function objects; call a static method of this "
                    + "class instead");
            return null;
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree node, Void p) {
            diagnostics.error(node, "method references are not supported: BPF has no function objects; call a static "
                    + "method of this class instead");
            return null;
        }

        @Override
        public Void visitInstanceOf(InstanceOfTree node, Void p) {
            diagnostics.error(node, "instanceof is not supported: BPF values carry no runtime type; use the declared "
                    + "@BpfStruct type directly");
            return null;
        }

        @Override
        public Void visitNewClass(NewClassTree node, Void p) {
            if (!LangSymbols.isStruct(typed.type(node))) {
                diagnostics.error(node, "'new " + node.getIdentifier() + "(...)' is not supported: BPF has no heap; only "
                        + "@BpfStruct classes can be created (on the " + BpfStack.LIMIT + "-byte stack)");
                return null;
            }
            return super.visitNewClass(node, p);
        }

        @Override
        public Void visitForLoop(ForLoopTree node, Void p) {
            bounded(node, bounds.of(node));
            return super.visitForLoop(node, p);
        }

        @Override
        public Void visitWhileLoop(WhileLoopTree node, Void p) {
            bounded(node, bounds.of(node));
            return super.visitWhileLoop(node, p);
        }

        @Override
        public Void visitDoWhileLoop(DoWhileLoopTree node, Void p) {
            bounded(node, bounds.of(node));
            return super.visitDoWhileLoop(node, p);
        }

        private void bounded(Tree loop, LoopBounds.Result r) {
            if (!r.isBounded()) {
                diagnostics.error(loop, "loop without a provable bound: " + r.reason() + ". The BPF verifier only accepts "
                        + "loops that terminate; write for (int i = 0; i < N; i++) with a constant N (use break to leave early)");
            }
        }

        /** A {@code @Foldable} call is a constant or an error: its strings and arguments never reach BPF code. */
        private void checkFolds(MethodInvocationTree call, ExecutableElement method) {
            try {
                if (constants.fold(call) == null) {
                    diagnostics.error(call, Foldables.name(method) + " is evaluated by the compiler (@Foldable), so its "
                            + "arguments must be constants: literals, static final constants or other folded calls; BPF code "
                            + "cannot run it on a value known only at run time");
                }
            } catch (Foldables.Failure failure) {
                diagnostics.error(call, failure.getMessage());
            }
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
            Element e = typed.element(node);
            if (Foldables.isFoldable(e)) {
                checkFolds(node, (ExecutableElement) e);
                return null;
            }
            // checked here, not only when lowered: a call in code the compiler folds away is still an error
            if (e instanceof ExecutableElement m && isJdk(m) && !jdkIntrinsic.test(m)) {
                diagnostics.error(node, unsupportedCall(m, node));
                return null;
            }
            if (e instanceof ExecutableElement m) {
                TreePath path = typed.trees().getPath(m);
                if (path != null && path.getCompilationUnit() == typed.unit() && path.getLeaf() instanceof MethodTree decl) {
                    work.add(decl);
                }
            }
            return super.visitMethodInvocation(node, p);
        }
    }
}
