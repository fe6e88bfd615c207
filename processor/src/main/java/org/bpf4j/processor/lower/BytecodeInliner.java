package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalInt;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.bytecode.ClassFileReader;
import org.bpf4j.processor.lower.bytecode.JvmOpcode;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * Inlines the small accessors of {@code @BpfStruct} classes compiled elsewhere (the packet
 * headers' {@code ihl()}, {@code syn()}, ...), whose source javac does not have: their
 * bytecode, a single expression over the struct's fields and constants, is evaluated
 * symbolically into IR. Anything beyond that shape is refused (empty).
 */
final class BytecodeInliner {
    private final Lowering lowering;
    private final ControlFlow flow;
    private final FunctionBuilder builder;

    BytecodeInliner(Lowering lowering) {
        this.lowering = lowering;
        this.flow = lowering.flow();
        this.builder = lowering.builder();
    }

    /** The value of {@code self.method()}, or empty when the method is not a simple accessor. */
    Optional<Scalar> inline(ExecutableElement method, JValue.Struct self, Tree call) {
        lowering.memory().requireNonNull(self.pointer(), call);
        TypeKind returns = method.getReturnType().getKind();
        String descriptor = descriptor(returns);
        if (!method.getParameters().isEmpty() || descriptor == null) {
            return Optional.empty();
        }
        Optional<ClassFileReader> cls = ClassFileReader.load(binaryName((TypeElement) method.getEnclosingElement()));
        Optional<byte[]> code = cls.flatMap(c -> c.code(method.getSimpleName().toString(), descriptor));
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return run(cls.get(), code.get(), self, call).map(s -> lowering.expressions().convert(s, returns));
    }

    /** Marks the result of {@code lcmp}, which the following branch consumes. */
    private record LongCompare(Scalar a, Scalar b) {}

    /**
     * Interprets {@code code} over an operand stack of Scalars, {@code this} and {@link LongCompare}s;
     * empty on any instruction or operand outside the accessor subset.
     */
    private Optional<Scalar> run(ClassFileReader cls, byte[] code, JValue.Struct self, Tree call) {
        Deque<Object> stack = new ArrayDeque<>();
        int pc = 0;
        while (pc < code.length) {
            Optional<JvmOpcode> instruction = JvmOpcode.at(code, pc);
            if (instruction.isEmpty()) {
                return Optional.empty();
            }
            JvmOpcode op = instruction.get();
            int next = pc + op.length;
            switch (op.action) {
                case PUSH_CONSTANT:
                    stack.push(Expressions.constant(op.value, op.kind));
                    break;
                case PUSH_BYTE:
                    stack.push(Expressions.constant(code[pc + 1], TypeKind.INT));
                    break;
                case PUSH_SHORT:
                    stack.push(Expressions.constant((short) u16(code, pc + 1), TypeKind.INT));
                    break;
                case LOAD_CONSTANT: {
                    Optional<Scalar> constant = poolConstant(cls.constant(op == JvmOpcode.LDC ? code[pc + 1] & 0xFF : u16(code, pc + 1)));
                    if (constant.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(constant.get());
                    break;
                }
                case LOAD_THIS:
                    stack.push(self);
                    break;
                case GET_FIELD: {
                    String field = cls.fieldName(u16(code, pc + 1));
                    Optional<Scalar> member = pop(stack, JValue.Struct.class).flatMap(s -> member(s, field, call));
                    if (member.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(member.get());
                    break;
                }
                case BINARY: {
                    Optional<Scalar> b = pop(stack, Scalar.class);
                    Optional<Scalar> a = pop(stack, Scalar.class);
                    if (a.isEmpty() || b.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(lowering.expressions().arithmetic(op.operator, a.get(), b.get(), call));
                    break;
                }
                case NEGATE: {
                    Optional<Scalar> a = pop(stack, Scalar.class).map(lowering.expressions()::promote);
                    if (a.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(new Scalar(builder.neg(a.get().value()), a.get().kind()));
                    break;
                }
                case CONVERT: {
                    Optional<Scalar> a = pop(stack, Scalar.class).map(lowering.expressions()::promote);
                    if (a.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(lowering.expressions().convert(a.get(), op.kind));
                    break;
                }
                case COMPARE_LONGS: {
                    Optional<Scalar> b = pop(stack, Scalar.class);
                    Optional<Scalar> a = pop(stack, Scalar.class);
                    if (a.isEmpty() || b.isEmpty()) {
                        return Optional.empty();
                    }
                    stack.push(new LongCompare(a.get(), b.get()));
                    break;
                }
                case IF_ZERO:
                case IF_COMPARE: {
                    OptionalInt end = booleanPattern(code, pc, stack, op);
                    if (end.isEmpty()) {
                        return Optional.empty();
                    }
                    next = end.getAsInt();
                    break;
                }
                case RETURN:
                    return pop(stack, Scalar.class);
                default: // a GOTO outside the boolean pattern
                    return Optional.empty();
            }
            pc = next;
        }
        return Optional.empty();
    }

    /** The top of the stack, popped, when it is a {@code type}; empty (nothing popped) otherwise. */
    private static <T> Optional<T> pop(Deque<Object> stack, Class<T> type) {
        return type.isInstance(stack.peek()) ? Optional.of(type.cast(stack.pop())) : Optional.empty();
    }

    private static Optional<Scalar> poolConstant(ClassFileReader.Constant c) {
        if (c.tag() == ClassFileReader.INTEGER) {
            return Optional.of(Expressions.constant((Integer) c.value(), TypeKind.INT));
        }
        if (c.tag() == ClassFileReader.LONG) {
            return Optional.of(Expressions.constant((Long) c.value(), TypeKind.LONG));
        }
        return Optional.empty();
    }

    /** A scalar member of the struct, loaded; empty for arrays, nested structs and unknown names. */
    private Optional<Scalar> member(JValue.Struct s, String name, Tree call) {
        return s.layout().field(name)
                .filter(f -> !f.isArray() && f.nested().isEmpty())
                .map(f -> lowering.memory().loadMember(s, f, false, call));
    }

    /**
     * javac's code for a boolean expression: {@code if<cond> L; iconst_x; goto E; L: iconst_y; E:}.
     * Pushes the 0/1 value and returns the pc of E, or empty when the code has another shape.
     */
    private OptionalInt booleanPattern(byte[] code, int pc, Deque<Object> stack, JvmOpcode op) {
        int target = pc + (short) u16(code, pc + 1);
        int gotoPc = pc + 4;
        if (pc + 7 >= code.length || target != pc + 7 || !JvmOpcode.GOTO.is(code, gotoPc) || gotoPc + (short) u16(code, gotoPc + 1) != target + 1) {
            return OptionalInt.empty();
        }
        boolean oneWhenJumped = JvmOpcode.ICONST_0.is(code, pc + 3) && JvmOpcode.ICONST_1.is(code, target);
        boolean zeroWhenJumped = JvmOpcode.ICONST_1.is(code, pc + 3) && JvmOpcode.ICONST_0.is(code, target);
        if (!oneWhenJumped && !zeroWhenJumped) {
            return OptionalInt.empty();
        }
        Scalar a;
        Scalar b;
        if (op.action == JvmOpcode.Action.IF_ZERO) {
            Object top = stack.peek();
            if (top instanceof LongCompare lc) {
                stack.pop();
                a = lc.a();
                b = lc.b();
            } else {
                Optional<Scalar> value = pop(stack, Scalar.class);
                if (value.isEmpty()) {
                    return OptionalInt.empty();
                }
                a = lowering.expressions().promote(value.get());
                b = Expressions.constant(0, TypeKind.INT);
            }
        } else {
            Optional<Scalar> right = pop(stack, Scalar.class);
            Optional<Scalar> left = pop(stack, Scalar.class);
            if (left.isEmpty() || right.isEmpty()) {
                return OptionalInt.empty();
            }
            a = lowering.expressions().promote(left.get());
            b = lowering.expressions().promote(right.get());
        }
        // The branch is taken to the constant at L: the value is 1 exactly when that constant is 1.
        Cmp trueWhen = oneWhenJumped ? op.cmp : op.cmp.negate();
        Block t = flow.newBlock("true");
        Block f = flow.newBlock("false");
        Block join = flow.newBlock("bool");
        flow.branch(trueWhen, a.value(), b.value(), t, f);
        stack.push(lowering.conditions().joinBooleans(t, f, join, null));
        return OptionalInt.of(target + 1);
    }

    private static int u16(byte[] code, int at) {
        return (code[at] & 0xFF) << 8 | code[at + 1] & 0xFF;
    }

    private static String descriptor(TypeKind kind) {
        switch (kind) {
            case BOOLEAN: return "()Z";
            case BYTE: return "()B";
            case SHORT: return "()S";
            case CHAR: return "()C";
            case INT: return "()I";
            case LONG: return "()J";
            default: return null;
        }
    }

    /** {@code pkg.Outer$Inner} for a (possibly nested) class. */
    static String binaryName(TypeElement type) {
        Element outer = type.getEnclosingElement();
        if (outer instanceof TypeElement t) {
            return binaryName(t) + "$" + type.getSimpleName();
        }
        return type.getQualifiedName().toString();
    }
}
