package org.bpf4j.processor.lower.bytecode;

import com.sun.source.tree.Tree;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import org.bpf4j.compiler.ir.Cmp;

/**
 * The JVM opcodes (JVMS §6.5) that {@code BytecodeInliner} interprets: those javac emits for a
 * single expression over a struct's {@code int}/{@code long} fields and constants. Each says
 * what it does ({@link Action}) and carries the operator, constant, conversion or comparison.
 */
public enum JvmOpcode {
    ICONST_M1(0x02, -1, TypeKind.INT),
    ICONST_0(0x03, 0, TypeKind.INT),
    ICONST_1(0x04, 1, TypeKind.INT),
    ICONST_2(0x05, 2, TypeKind.INT),
    ICONST_3(0x06, 3, TypeKind.INT),
    ICONST_4(0x07, 4, TypeKind.INT),
    ICONST_5(0x08, 5, TypeKind.INT),
    LCONST_0(0x09, 0, TypeKind.LONG),
    LCONST_1(0x0a, 1, TypeKind.LONG),
    BIPUSH(0x10, 2, Action.PUSH_BYTE),
    SIPUSH(0x11, 3, Action.PUSH_SHORT),
    LDC(0x12, 2, Action.LOAD_CONSTANT),
    LDC_W(0x13, 3, Action.LOAD_CONSTANT),
    LDC2_W(0x14, 3, Action.LOAD_CONSTANT),
    ALOAD_0(0x2a, 1, Action.LOAD_THIS),
    IADD(0x60, Tree.Kind.PLUS),
    LADD(0x61, Tree.Kind.PLUS),
    ISUB(0x64, Tree.Kind.MINUS),
    LSUB(0x65, Tree.Kind.MINUS),
    IMUL(0x68, Tree.Kind.MULTIPLY),
    LMUL(0x69, Tree.Kind.MULTIPLY),
    IDIV(0x6c, Tree.Kind.DIVIDE),
    LDIV(0x6d, Tree.Kind.DIVIDE),
    IREM(0x70, Tree.Kind.REMAINDER),
    LREM(0x71, Tree.Kind.REMAINDER),
    INEG(0x74, 1, Action.NEGATE),
    LNEG(0x75, 1, Action.NEGATE),
    ISHL(0x78, Tree.Kind.LEFT_SHIFT),
    LSHL(0x79, Tree.Kind.LEFT_SHIFT),
    ISHR(0x7a, Tree.Kind.RIGHT_SHIFT),
    LSHR(0x7b, Tree.Kind.RIGHT_SHIFT),
    IUSHR(0x7c, Tree.Kind.UNSIGNED_RIGHT_SHIFT),
    LUSHR(0x7d, Tree.Kind.UNSIGNED_RIGHT_SHIFT),
    IAND(0x7e, Tree.Kind.AND),
    LAND(0x7f, Tree.Kind.AND),
    IOR(0x80, Tree.Kind.OR),
    LOR(0x81, Tree.Kind.OR),
    IXOR(0x82, Tree.Kind.XOR),
    LXOR(0x83, Tree.Kind.XOR),
    I2L(0x85, TypeKind.LONG),
    L2I(0x88, TypeKind.INT),
    I2B(0x91, TypeKind.BYTE),
    I2C(0x92, TypeKind.CHAR),
    I2S(0x93, TypeKind.SHORT),
    LCMP(0x94, 1, Action.COMPARE_LONGS),
    IFEQ(0x99, Action.IF_ZERO, Cmp.EQ),
    IFNE(0x9a, Action.IF_ZERO, Cmp.NE),
    IFLT(0x9b, Action.IF_ZERO, Cmp.SLT),
    IFGE(0x9c, Action.IF_ZERO, Cmp.SGE),
    IFGT(0x9d, Action.IF_ZERO, Cmp.SGT),
    IFLE(0x9e, Action.IF_ZERO, Cmp.SLE),
    IF_ICMPEQ(0x9f, Action.IF_COMPARE, Cmp.EQ),
    IF_ICMPNE(0xa0, Action.IF_COMPARE, Cmp.NE),
    IF_ICMPLT(0xa1, Action.IF_COMPARE, Cmp.SLT),
    IF_ICMPGE(0xa2, Action.IF_COMPARE, Cmp.SGE),
    IF_ICMPGT(0xa3, Action.IF_COMPARE, Cmp.SGT),
    IF_ICMPLE(0xa4, Action.IF_COMPARE, Cmp.SLE),
    GOTO(0xa7, 3, Action.GOTO),
    IRETURN(0xac, 1, Action.RETURN),
    LRETURN(0xad, 1, Action.RETURN),
    GETFIELD(0xb4, 3, Action.GET_FIELD);

    /** What an instruction does to the operand stack. */
    public enum Action {
        PUSH_CONSTANT, PUSH_BYTE, PUSH_SHORT, LOAD_CONSTANT, LOAD_THIS, GET_FIELD,
        BINARY, NEGATE, CONVERT, COMPARE_LONGS, IF_ZERO, IF_COMPARE, GOTO, RETURN
    }

    private static final JvmOpcode[] BY_CODE = new JvmOpcode[256];

    static {
        for (JvmOpcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    final int code;
    /** Bytes of the instruction with its operands. */
    public final int length;
    public final Action action;
    /** BINARY: the Java operator. */
    public final Tree.Kind operator;
    /** PUSH_CONSTANT: the type of {@link #value}; CONVERT: the type converted to. */
    public final TypeKind kind;
    /** PUSH_CONSTANT: the constant. */
    public final long value;
    /** IF_ZERO, IF_COMPARE: the comparison that takes the branch. */
    public final Cmp cmp;

    JvmOpcode(int code, int length, Action action, Tree.Kind operator, TypeKind kind, long value, Cmp cmp) {
        this.code = code;
        this.length = length;
        this.action = action;
        this.operator = operator;
        this.kind = kind;
        this.value = value;
        this.cmp = cmp;
    }

    JvmOpcode(int code, int length, Action action) {
        this(code, length, action, null, null, 0, null);
    }

    JvmOpcode(int code, long value, TypeKind kind) {
        this(code, 1, Action.PUSH_CONSTANT, null, kind, value, null);
    }

    JvmOpcode(int code, Tree.Kind operator) {
        this(code, 1, Action.BINARY, operator, null, 0, null);
    }

    JvmOpcode(int code, TypeKind convertTo) {
        this(code, 1, Action.CONVERT, null, convertTo, 0, null);
    }

    JvmOpcode(int code, Action branch, Cmp cmp) {
        this(code, 3, branch, null, null, 0, cmp);
    }

    /** The instruction at {@code pc}; empty when its opcode is not interpreted or its operands run past the code. */
    public static Optional<JvmOpcode> at(byte[] code, int pc) {
        JvmOpcode op = BY_CODE[code[pc] & 0xFF];
        return op != null && pc + op.length <= code.length ? Optional.of(op) : Optional.empty();
    }

    public boolean is(byte[] code, int pc) {
        return pc < code.length && (code[pc] & 0xFF) == this.code;
    }
}
