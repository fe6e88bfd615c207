package org.bpf4j.processor.lower;

import static org.bpf4j.object.usdt.UsdtSpecLayout.*;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import java.util.List;
import javax.lang.model.type.TypeKind;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.usdt.UsdtArgument;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.ssa.ControlFlow;

/**
 * The {@code UsdtContext} intrinsics: a site's arguments decoded from its spec in the
 * {@code usdt_specs} map, which the compiler adds to every object with a USDT program and the
 * runtime fills when it attaches ({@code UsdtSpecLayout}; docs/USDT.md). {@code arg(i)} calls
 * one compiler-made subprogram, {@value #READER}, so the decoder's code and stack exist once.
 */
final class UsdtArguments {
    static final String READER = "bpf4j_usdt_arg";
    /** The reader's frame: the map key and the 8-byte read buffer, as the kernel counts frames. */
    private static final int READER_STACK = 32;

    private final Lowering lowering;
    private final FunctionBuilder builder;

    UsdtArguments(Lowering lowering) {
        this.lowering = lowering;
        this.builder = lowering.builder();
    }

    /** The spec map: {@code u32} keys, {@code struct bpf4j_usdt_spec} values described in BTF. */
    static MapDecl specMap() {
        DataType arg = new DataType.Struct("bpf4j_usdt_arg", ARG_BYTES, List.of(
                new DataType.Member("value", DataType.U64, ARG_VALUE),
                new DataType.Member("reg_offset", DataType.U16, ARG_REG_OFFSET),
                new DataType.Member("kind", DataType.U8, ARG_KIND),
                new DataType.Member("size", DataType.U8, ARG_SIZE),
                new DataType.Member("is_signed", DataType.U8, ARG_SIGNED)));
        DataType spec = new DataType.Struct("bpf4j_usdt_spec", SPEC_SIZE, List.of(
                new DataType.Member("cookie", DataType.U64, SPEC_COOKIE),
                new DataType.Member("arg_count", DataType.U16, SPEC_ARG_COUNT),
                new DataType.Member("args", new DataType.Array(arg, MAX_ARGS), SPEC_ARGS)));
        return MapDecl.of(MAP_NAME, MapKind.ARRAY.kernelType(), DataType.U32, spec, MAP_ENTRIES);
    }

    JValue invoke(IntrinsicOp op, JValue.Context ctx, MethodInvocationTree call) {
        switch (op) {
            case USDT_ARG: {
                ExpressionTree index = call.getArguments().get(0);
                Scalar i = lowering.expressions().convert(lowering.expressions().scalar(index), TypeKind.LONG);
                lowering.subprograms().provide(READER, UsdtArguments::reader);
                lowering.calling(new Subprograms.Compiled(READER, Type.I64, READER_STACK, false), call);
                return new Scalar(builder.call(READER, Type.I64, ctx.pointer(), i.value()), TypeKind.LONG);
            }
            case USDT_ARG_COUNT:
                return new Scalar(specField(ctx, SPEC_ARG_COUNT, 2, Type.I32, call), TypeKind.INT);
            case USDT_COOKIE:
                return new Scalar(specField(ctx, SPEC_COOKIE, 8, Type.I64, call), TypeKind.LONG);
            default:
                throw new IllegalStateException(op + " is not a USDT operation");
        }
    }

    /** A field of the firing site's spec, 0 when it has none (attached some other way). */
    private Value specField(JValue.Context ctx, int offset, int size, Type type, MethodInvocationTree call) {
        ControlFlow flow = lowering.flow();
        Value key = lowering.stackAlloc(4, false, call);
        builder.store(key, 0, 4, builder.helperCall(HelperIds.GET_ATTACH_COOKIE, Type.I64, ctx.pointer()));
        Value spec = builder.mapLookup(HelperIds.MAP_LOOKUP_ELEM, builder.mapAddr(MAP_NAME), key);
        Block found = flow.newBlock("spec");
        Block none = flow.newBlock("nospec");
        Block join = flow.newBlock("specfield");
        flow.branch(Cmp.EQ, spec, Constant.nullOf(spec.type()), none, found);
        flow.enterSealed(found);
        Value field = builder.load(type, spec, offset, size, false);
        Block foundEnd = builder.currentBlock();
        flow.jump(join);
        flow.enterSealed(none);
        flow.jump(join);
        flow.enterSealed(join);
        TypeKind kind = type == Type.I64 ? TypeKind.LONG : TypeKind.INT;
        return ((Scalar) lowering.conditions().merge(List.of(foundEnd, none),
                List.of(new Scalar(field, kind), Expressions.constant(0, kind)), call)).value();
    }

    /**
     * {@code long bpf4j_usdt_arg(ctx, i)}: argument {@code i} of the site whose spec id is the
     * attach cookie, or 0. The context comes in as a plain 64-bit value: the reader only hands
     * {@code ctx + reg_offset} to {@code bpf_probe_read_kernel} (a run-time offset cannot be a
     * context load), which the IR's typed context pointer does not express; the verifier still
     * sees the context pointer.
     */
    private static Function reader() {
        FunctionBuilder b = FunctionBuilder.subprogram(READER, Type.I64, Type.I64, Type.I64);
        Value ctx = b.param(0), i = b.param(1);
        Block none = b.newBlock("none"), found = b.newBlock("found"), inRange = b.newBlock("in_range"),
                present = b.newBlock("present"), register = b.newBlock("register"), memory = b.newBlock("memory"),
                extend = b.newBlock("extend"), signed = b.newBlock("signed"), unsigned = b.newBlock("unsigned");

        Value key = b.stackAlloc(8, false);
        Value buffer = b.stackAlloc(8, false);
        b.store(key, 0, 4, b.helperCall(HelperIds.GET_ATTACH_COOKIE, Type.I64, ctx));
        Value spec = b.mapLookup(HelperIds.MAP_LOOKUP_ELEM, b.mapAddr(MAP_NAME), key);
        b.condBr(Cmp.EQ, spec, Constant.nullOf(spec.type()), none, found);

        // the bound on i makes the argument's offset in the map value provable to the verifier
        b.setBlock(found);
        b.condBr(Cmp.UGE, i, Constant.i64(MAX_ARGS), none, inRange);
        b.setBlock(inRange);
        b.condBr(Cmp.UGE, i, b.load(Type.I64, spec, SPEC_ARG_COUNT, 2, false), none, present);

        b.setBlock(present);
        Value arg = b.ptrAdd(spec, b.shl(i, Constant.i64(Integer.numberOfTrailingZeros(ARG_BYTES))));
        Value constant = b.load(Type.I64, arg, SPEC_ARGS + ARG_VALUE, 8, false);
        Value kind = b.load(Type.I64, arg, SPEC_ARGS + ARG_KIND, 1, false);
        b.condBr(Cmp.EQ, kind, Constant.i64(UsdtArgument.Kind.CONSTANT.code), extend, register);

        b.setBlock(register);
        Value regOffset = b.load(Type.I64, arg, SPEC_ARGS + ARG_REG_OFFSET, 2, false);
        b.helperCall(HelperIds.PROBE_READ_KERNEL, Type.I64, buffer, Constant.i64(8), b.add(ctx, regOffset));
        Value reg = b.load(Type.I64, buffer, 0, 8, false);
        b.condBr(Cmp.EQ, kind, Constant.i64(UsdtArgument.Kind.REGISTER.code), extend, memory);

        // 8 bytes, as libbpf reads them: the helper's size must be a constant the buffer holds
        b.setBlock(memory);
        b.helperCall(HelperIds.PROBE_READ_USER, Type.I64, buffer, Constant.i64(8), b.add(reg, constant));
        Value inMemory = b.load(Type.I64, buffer, 0, 8, false);
        b.br(extend);

        // keep the low `size` bytes: shift them to the top, then back with or without the sign
        b.setBlock(extend);
        Phi raw = b.phi(Type.I64);
        raw.addIncoming(present, constant).addIncoming(register, reg).addIncoming(memory, inMemory);
        Value size = b.load(Type.I64, arg, SPEC_ARGS + ARG_SIZE, 1, false);
        Value shift = b.sub(Constant.i64(64), b.shl(size, Constant.i64(3)));
        Value top = b.shl(raw, shift);
        b.condBr(Cmp.EQ, b.load(Type.I64, arg, SPEC_ARGS + ARG_SIGNED, 1, false), Constant.i64(0), unsigned, signed);
        b.setBlock(signed);
        b.ret(b.ashr(top, shift));
        b.setBlock(unsigned);
        b.ret(b.lshr(top, shift));
        b.setBlock(none);
        b.ret(Constant.i64(0));
        return b.build();
    }
}
