package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.model.FieldLayout;

/**
 * Inlines the small accessors of {@code @BpfStruct} classes compiled elsewhere (the packet
 * headers' {@code ihl()}, {@code syn()}, ...), whose source javac does not have: their
 * bytecode, a single expression over the struct's fields and constants, is evaluated
 * symbolically into IR. Anything beyond that shape is refused (empty).
 */
final class BytecodeInliner {
    private static final Tree.Kind[] ARITHMETIC = {
        Tree.Kind.PLUS, null, null, null, Tree.Kind.MINUS, null, null, null, Tree.Kind.MULTIPLY, null, null, null,
        Tree.Kind.DIVIDE, null, null, null, Tree.Kind.REMAINDER, null, null, null};
    private static final Cmp[] BRANCH = {Cmp.EQ, Cmp.NE, Cmp.SLT, Cmp.SGE, Cmp.SGT, Cmp.SLE};

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
        Object result;
        try {
            result = run(cls.get(), code.get(), self, call);
        } catch (ClassCastException | java.util.NoSuchElementException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty(); // bytecode of another shape than an accessor's
        }
        return result instanceof Scalar s ? Optional.of(lowering.expressions().convert(s, returns)) : Optional.empty();
    }

    /** Marks the result of {@code lcmp}, which the following branch consumes. */
    private record LongCompare(Scalar a, Scalar b) {}

    /** Interprets {@code code}; returns the Scalar result, or null on any instruction outside the accessor subset. */
    private Object run(ClassFileReader cls, byte[] code, JValue.Struct self, Tree call) {
        Deque<Object> stack = new ArrayDeque<>();
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xFF;
            if (op >= 0x02 && op <= 0x08) {
                stack.push(Expressions.constant(op - 0x03, TypeKind.INT));
                pc += 1;
            } else if (op == 0x09 || op == 0x0a) {
                stack.push(Expressions.constant(op - 0x09, TypeKind.LONG));
                pc += 1;
            } else if (op == 0x10) {
                stack.push(Expressions.constant(code[pc + 1], TypeKind.INT));
                pc += 2;
            } else if (op == 0x11) {
                stack.push(Expressions.constant((short) u16(code, pc + 1), TypeKind.INT));
                pc += 3;
            } else if (op == 0x12 || op == 0x13 || op == 0x14) {
                int index = op == 0x12 ? code[pc + 1] & 0xFF : u16(code, pc + 1);
                ClassFileReader.Constant c = cls.constant(index);
                if (c.tag() == ClassFileReader.INTEGER) {
                    stack.push(Expressions.constant((Integer) c.value(), TypeKind.INT));
                } else if (c.tag() == ClassFileReader.LONG) {
                    stack.push(Expressions.constant((Long) c.value(), TypeKind.LONG));
                } else {
                    return null;
                }
                pc += op == 0x12 ? 2 : 3;
            } else if (op == 0x2a) {
                stack.push(self);
                pc += 1;
            } else if (op == 0xb4) {
                if (!(stack.pop() instanceof JValue.Struct s)) {
                    return null;
                }
                String name = cls.fieldName(u16(code, pc + 1));
                FieldLayout f = s.layout().field(name).orElse(null);
                if (f == null || f.isArray() || f.nested().isPresent()) {
                    return null;
                }
                stack.push(lowering.memory().loadMember(s, f, false, call));
                pc += 3;
            } else if (op >= 0x60 && op <= 0x73) {
                Tree.Kind kind = ARITHMETIC[(op - 0x60) & ~1];
                if (kind == null) {
                    return null;
                }
                Scalar b = (Scalar) stack.pop();
                Scalar a = (Scalar) stack.pop();
                stack.push(lowering.expressions().arithmetic(kind, a, b, call));
                pc += 1;
            } else if (op == 0x74 || op == 0x75) {
                Scalar a = lowering.expressions().promote((Scalar) stack.pop());
                stack.push(new Scalar(builder.neg(a.value()), a.kind()));
                pc += 1;
            } else if (op >= 0x78 && op <= 0x83) {
                Tree.Kind kind = shiftOrLogic(op);
                Scalar b = (Scalar) stack.pop();
                Scalar a = (Scalar) stack.pop();
                stack.push(lowering.expressions().arithmetic(kind, a, b, call));
                pc += 1;
            } else if (op == 0x85 || op == 0x88 || op == 0x91 || op == 0x92 || op == 0x93) {
                TypeKind to = op == 0x85 ? TypeKind.LONG : op == 0x88 ? TypeKind.INT : op == 0x91 ? TypeKind.BYTE
                        : op == 0x92 ? TypeKind.CHAR : TypeKind.SHORT;
                stack.push(lowering.expressions().convert(lowering.expressions().promote((Scalar) stack.pop()), to));
                pc += 1;
            } else if (op == 0x94) {
                Scalar b = (Scalar) stack.pop();
                stack.push(new LongCompare((Scalar) stack.pop(), b));
                pc += 1;
            } else if (op >= 0x99 && op <= 0xa4) {
                int next = booleanPattern(code, pc, stack, op);
                if (next < 0) {
                    return null;
                }
                pc = next;
            } else if (op == 0xac || op == 0xad) {
                return stack.pop() instanceof Scalar s ? s : null;
            } else {
                return null;
            }
        }
        return null;
    }

    private static Tree.Kind shiftOrLogic(int op) {
        switch ((op - 0x78) / 2) {
            case 0: return Tree.Kind.LEFT_SHIFT;
            case 1: return Tree.Kind.RIGHT_SHIFT;
            case 2: return Tree.Kind.UNSIGNED_RIGHT_SHIFT;
            case 3: return Tree.Kind.AND;
            case 4: return Tree.Kind.OR;
            default: return Tree.Kind.XOR;
        }
    }

    /**
     * javac's code for a boolean expression: {@code if<cond> L; iconst_x; goto E; L: iconst_y; E:}.
     * Pushes the 0/1 value and returns the pc of E, or -1 when the code has another shape.
     */
    private int booleanPattern(byte[] code, int pc, Deque<Object> stack, int op) {
        int target = pc + (short) u16(code, pc + 1);
        if (pc + 7 >= code.length || target != pc + 7 || (code[pc + 4] & 0xFF) != 0xa7
                || pc + 4 + (short) u16(code, pc + 5) != target + 1) {
            return -1;
        }
        int fallThrough = code[pc + 3] & 0xFF;
        int jumped = code[target] & 0xFF;
        if (!(fallThrough == 0x04 && jumped == 0x03 || fallThrough == 0x03 && jumped == 0x04)) {
            return -1;
        }
        Cmp cmp = op <= 0x9e ? BRANCH[op - 0x99] : BRANCH[op - 0x9f];
        Scalar a;
        Scalar b;
        if (op <= 0x9e) {
            Object top = stack.pop();
            if (top instanceof LongCompare lc) {
                a = lc.a();
                b = lc.b();
            } else {
                a = lowering.expressions().promote((Scalar) top);
                b = Expressions.constant(0, TypeKind.INT);
            }
        } else {
            b = lowering.expressions().promote((Scalar) stack.pop());
            a = lowering.expressions().promote((Scalar) stack.pop());
        }
        // The branch is taken to the constant at L: the value is 1 exactly when that constant is 1.
        Cmp trueWhen = jumped == 0x04 ? cmp : cmp.negate();
        Block t = flow.newBlock("true");
        Block f = flow.newBlock("false");
        Block join = flow.newBlock("bool");
        flow.branch(trueWhen, a.value(), b.value(), t, f);
        stack.push(lowering.conditions().joinBooleans(t, f, join, null));
        return target + 1;
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
