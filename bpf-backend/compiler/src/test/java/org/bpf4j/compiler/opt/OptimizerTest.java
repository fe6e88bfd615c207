package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Each pass on small functions, with the IR checker run after every pass. */
class OptimizerTest {
    /** {@code BPF_FUNC_trace_printk}, {@code BPF_FUNC_get_current_comm}, {@code BPF_FUNC_get_hash_recalc}. */
    private static final int TRACE_PRINTK = 6, GET_CURRENT_COMM = 16, GET_HASH_RECALC = 34;
    /** {@code BPF_FUNC_map_lookup_elem}, {@code BPF_FUNC_map_update_elem}, {@code BPF_FUNC_map_delete_elem}. */
    private static final int MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3;

    private static Function optimize(FunctionBuilder b) {
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    /** An IR operation next to the Java operators that define it: the JVM is the oracle of the folds. */
    private record JavaOperator(Op op, IntBinaryOperator ints, LongBinaryOperator longs) {}

    private static final List<JavaOperator> JAVA_OPERATORS = List.of(
            new JavaOperator(Op.ADD, (x, y) -> x + y, (x, y) -> x + y),
            new JavaOperator(Op.SUB, (x, y) -> x - y, (x, y) -> x - y),
            new JavaOperator(Op.MUL, (x, y) -> x * y, (x, y) -> x * y),
            new JavaOperator(Op.SDIV, (x, y) -> x / y, (x, y) -> x / y),
            new JavaOperator(Op.UDIV, Integer::divideUnsigned, Long::divideUnsigned),
            new JavaOperator(Op.SREM, (x, y) -> x % y, (x, y) -> x % y),
            new JavaOperator(Op.UREM, Integer::remainderUnsigned, Long::remainderUnsigned),
            new JavaOperator(Op.AND, (x, y) -> x & y, (x, y) -> x & y),
            new JavaOperator(Op.OR, (x, y) -> x | y, (x, y) -> x | y),
            new JavaOperator(Op.XOR, (x, y) -> x ^ y, (x, y) -> x ^ y),
            new JavaOperator(Op.SHL, (x, y) -> x << y, (x, y) -> x << y),
            new JavaOperator(Op.ASHR, (x, y) -> x >> y, (x, y) -> x >> y),
            new JavaOperator(Op.LSHR, (x, y) -> x >>> y, (x, y) -> x >>> y));

    private static final int[] INT_EDGES = {0, 1, -1, 2, 31, 32, 33, 63, 64, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1};
    private static final long[] LONG_EDGES = {0, 1, -1, 2, 31, 32, 63, 64, 65, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE,
            0xFFFF_FFFFL, 1L << 32};

    /** What the constant folding pass makes of {@code f() { return expression; }}: it must be a constant. */
    private static long folded(Type type, java.util.function.Function<FunctionBuilder, Value> expression) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", type);
        b.ret(expression.apply(b));
        Function f = b.build();
        new ConstantFolding().run(f);
        Value result = f.entry().terminator().operand(0);
        assertTrue(result instanceof Constant, "not folded: " + f);
        return ((Constant) result).value();
    }

    private static long foldedBinary(Op op, Constant a, Constant b) {
        return folded(a.type(), fb -> fb.binary(op, a, b));
    }

    @Test
    void constantFoldingComputesWhatTheJvmComputes() {
        Random r = new Random(42);
        for (int n = 0; n < 400; n++) {
            int a = n < INT_EDGES.length * INT_EDGES.length ? INT_EDGES[n % INT_EDGES.length] : r.nextInt();
            int b = n < INT_EDGES.length * INT_EDGES.length ? INT_EDGES[n / INT_EDGES.length] : n % 3 == 0 ? r.nextInt(70) - 3 : r.nextInt();
            long la = n < LONG_EDGES.length * LONG_EDGES.length ? LONG_EDGES[n % LONG_EDGES.length] : r.nextLong();
            long lb = n < LONG_EDGES.length * LONG_EDGES.length ? LONG_EDGES[n / LONG_EDGES.length] : n % 3 == 0 ? r.nextInt(130) - 3 : r.nextLong();
            for (JavaOperator j : JAVA_OPERATORS) {
                if (b != 0) {
                    assertEquals(j.ints().applyAsInt(a, b), foldedBinary(j.op(), Constant.i32(a), Constant.i32(b)), j.op() + " " + a + ", " + b);
                }
                if (lb != 0) {
                    assertEquals(j.longs().applyAsLong(la, lb), foldedBinary(j.op(), Constant.i64(la), Constant.i64(lb)), j.op() + " " + la + ", " + lb);
                }
            }
            assertEquals(-a, folded(Type.I32, fb -> fb.neg(Constant.i32(a))));
            assertEquals(-la, folded(Type.I64, fb -> fb.neg(Constant.i64(la))));
            assertEquals((byte) a, folded(Type.I32, fb -> fb.sext(Constant.i32(a), 1, Type.I32)));
            assertEquals((short) la, folded(Type.I64, fb -> fb.sext(Constant.i64(la), 2, Type.I64)));
            assertEquals((long) (int) la, folded(Type.I64, fb -> fb.sext(Constant.i64(la), 4, Type.I64)));
            assertEquals((char) a, folded(Type.I32, fb -> fb.zext(Constant.i32(a), 2, Type.I32)));
            assertEquals(Integer.toUnsignedLong(a), folded(Type.I64, fb -> fb.zext(Constant.i32(a), 4, Type.I64)));
            assertEquals((int) la, folded(Type.I32, fb -> fb.trunc(Constant.i64(la))));
            assertEquals(Integer.reverseBytes(a), folded(Type.I32, fb -> fb.bswap(Constant.i32(a), 4)));
            assertEquals(Long.reverseBytes(la), folded(Type.I64, fb -> fb.bswap(Constant.i64(la), 8)));
        }
    }

    @Test
    void constantDivisionByZeroFoldsAsTheIrDefinesIt() {
        for (Op op : List.of(Op.SDIV, Op.UDIV)) {
            assertEquals(0, foldedBinary(op, Constant.i32(7), Constant.i32(0)), op.toString());
            assertEquals(0, foldedBinary(op, Constant.i64(-7), Constant.i64(0)), op.toString());
        }
        for (Op op : List.of(Op.SREM, Op.UREM)) {
            assertEquals(7, foldedBinary(op, Constant.i32(7), Constant.i32(0)), op.toString());
            assertEquals(-7, foldedBinary(op, Constant.i64(-7), Constant.i64(0)), op.toString());
        }
    }

    @Test
    void constantsOfChainedAssociativeOperationsCombine() {
        for (JavaOperator o : JAVA_OPERATORS) {
            if (o.op() != Op.ADD && o.op() != Op.AND && o.op() != Op.OR && o.op() != Op.XOR) continue;
            int c1 = 0x7FFF_E06F, c2 = 0x50_0050;
            FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
            b.ret(b.binary(o.op(), b.binary(o.op(), b.param(0), Constant.i32(c1)), Constant.i32(c2)));
            Function f = optimize(b);
            assertEquals(1, count(f, o.op()), f.toString());
            IrRunner.assertComputes((x, y) -> o.ints().applyAsInt(o.ints().applyAsInt((int) x, c1), c2), f);
            FunctionBuilder wide = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
            wide.ret(wide.binary(o.op(), wide.binary(o.op(), wide.param(0), Constant.i64(c1)), Constant.i64(c2)));
            Function g = optimize(wide);
            IrRunner.assertComputes((x, y) -> o.longs().applyAsLong(o.longs().applyAsLong(x, c1), c2), g);
        }
        // 0x7FFF_FFFF + 1 as a long is no immediate: the two adds stay
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        b.ret(b.add(b.add(b.param(0), Constant.i64(Integer.MAX_VALUE)), Constant.i64(1)));
        assertEquals(2, count(optimize(b), Op.ADD));
        // x + 8 used again (a header offset and the next one 12 further): x + 20 would keep x alive too
        FunctionBuilder shared = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value next = shared.add(shared.param(0), Constant.i32(8));
        shared.ret(shared.xor(next, shared.add(next, Constant.i32(12))));
        Function g = optimize(shared);
        assertTrue(g.instructions().stream().anyMatch(i -> i.op() == Op.ADD && i.operand(0) == next), g.toString());
        // also when the front end computed x + 8 twice: common subexpressions merge them first
        FunctionBuilder twice = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value first = twice.add(twice.param(0), Constant.i32(8));
        twice.ret(twice.xor(first, twice.add(twice.add(twice.param(0), Constant.i32(8)), Constant.i32(12))));
        Function h = optimize(twice);
        assertEquals(2, count(h, Op.ADD), h.toString());
        assertTrue(h.instructions().stream().noneMatch(i -> i.operands().contains(Constant.i32(20))), h.toString());
    }

    @Test
    void constantsPropagateThroughBranchesAndPhis() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block yes = b.newBlock("yes");
        Block no = b.newBlock("no");
        Block join = b.newBlock("join");
        Value k = b.mul(Constant.i32(6), Constant.i32(7));
        b.condBr(Cmp.EQ, k, Constant.i32(42), yes, no);
        b.setBlock(yes);
        b.br(join);
        b.setBlock(no);
        b.br(join);
        b.setBlock(join);
        Phi p = b.phi(Type.I32).addIncoming(yes, b.param(0)).addIncoming(no, Constant.i32(0));
        b.ret(b.add(p, Constant.i32(0)));
        Function f = optimize(b);
        assertEquals(1, f.blocks().size(), f.toString());
        assertEquals(List.of(Op.RETURN), f.entry().instructions().stream().map(Instruction::op).toList());
        assertEquals(f.param(0), f.entry().terminator().operand(0));
    }

    /** {@code f(x) { if (x SHIFT count CMP 0) return 1; return 0; }}, optimized. */
    private static Function shiftTest(Type type, Op shift, int count, Cmp cmp) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, type);
        Block yes = b.newBlock("yes");
        Block no = b.newBlock("no");
        b.condBr(cmp, b.binary(shift, b.param(0), Constant.of(type, count)), Constant.of(type, 0), yes, no);
        b.setBlock(yes);
        b.ret(Constant.i32(1));
        b.setBlock(no);
        b.ret(Constant.i32(0));
        return optimize(b);
    }

    @Test
    void aShiftedValueTestedAgainstZeroIsARangeTestTheJvmAgreesWith() {
        for (Type type : List.of(Type.I32, Type.I64)) {
            boolean is32 = type == Type.I32;
            long[] xs = is32 ? Arrays.stream(INT_EDGES).asLongStream().toArray() : LONG_EDGES;
            for (Op shift : List.of(Op.LSHR, Op.ASHR)) {
                for (Cmp cmp : List.of(Cmp.EQ, Cmp.NE)) {
                    for (int count : new int[] {1, 5, 30, 31}) {
                        Function f = shiftTest(type, shift, count, cmp);
                        Instruction br = f.entry().terminator();
                        if (!is32 && count == 31) {
                            assertEquals(1, count(f, shift), "1 << 31 is no 64-bit immediate: the shift stays\n" + f);
                            continue;
                        }
                        assertEquals(0, count(f, shift), f.toString());
                        assertEquals(f.param(0), br.operand(0), f.toString());
                        for (long x : xs) {
                            long shifted = is32 ? (shift == Op.LSHR ? (int) x >>> count : (int) x >> count)
                                    : (shift == Op.LSHR ? x >>> count : x >> count);
                            boolean java = cmp == Cmp.EQ ? shifted == 0 : shifted != 0;
                            assertEquals(java, br.cmp().test(x, ((Constant) br.operand(1)).value(), is32),
                                    type + " " + shift + " " + count + " " + cmp + " at " + x + ": " + f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aConstantStackArrayReadAtConstantIndexesBecomesImmediates() {
        // byte[] prefix = {'j', 'a', 'v', 'a'}; return prefix[1] + prefix[3] + (zeroed byte 6) + x
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Value prefix = b.stackAlloc(8, true);
        String java = "java";
        for (int k = 0; k < 4; k++) b.store(prefix, k, 1, Constant.i32(java.charAt(k)));
        Value a = b.load(Type.I32, b.ptrAdd(prefix, Constant.i64(1)), 0, 1, true);
        Value c = b.load(Type.I32, prefix, 3, 1, true);
        Value z = b.load(Type.I32, prefix, 6, 1, true);
        b.ret(b.add(b.add(b.add(a, c), z), b.param(0)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.LOAD) + count(f, Op.STORE) + count(f, Op.STACK_ALLOC), f.toString());
        Instruction sum = (Instruction) f.entry().terminator().operand(0);
        assertTrue(sum.operands().contains(Constant.i32('a' + 'a')), f.toString());
    }

    @Test
    void aStackObjectAHelperWroteIsReadAgain() {
        // the helper receives the object and may write it: the loads after it stay, the store before it too
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value buf = b.stackAlloc(16, true);
        b.store(buf, 0, 8, b.param(0));
        Value before = b.load(Type.I64, buf, 0, 8, false);
        b.helperCall(GET_CURRENT_COMM, Type.I64, buf, Constant.i64(16));
        Value after = b.load(Type.I64, buf, 0, 8, false);
        Value again = b.load(Type.I64, buf, 0, 8, false);
        b.ret(b.add(b.add(before, after), again));
        Function f = optimize(b);
        assertEquals(1, count(f, Op.LOAD), "before is the stored value, again is after:\n" + f);
        assertEquals(1, count(f, Op.STORE), f.toString());
    }

    @Test
    void anEscapingStackObjectIsNotForwarded() {
        // the object's address is stored into another: someone else may write it
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64);
        Value buf = b.stackAlloc(8, true);
        Value holder = b.stackAlloc(8, true);
        b.store(buf, 0, 8, b.param(0));
        b.store(holder, 0, 8, buf);
        b.helperCall(GET_CURRENT_COMM, Type.I64, holder, Constant.i64(8));
        b.ret(b.load(Type.I64, buf, 0, 8, false));
        Function f = optimize(b);
        assertEquals(1, count(f, Op.LOAD), f.toString());
    }

    /** {@code m.get(key); ...; m.remove(key)}, each call spilling its key to its own 8-byte slot as the front end does. */
    private static Function lookupThenDelete(int keySize, java.util.function.BiConsumer<FunctionBuilder, Value> between,
            boolean sameKey) {
        FunctionBuilder b = FunctionBuilder.subprogram("p", Type.I32, Type.I64);
        Value key = b.param(0);
        Value first = b.stackAlloc(8, false);
        b.store(first, 0, keySize, key);
        Value v = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("m"), first);
        between.accept(b, first);
        Value second = b.stackAlloc(8, false);
        b.store(second, 0, keySize, sameKey ? key : b.add(key, Constant.i64(1)));
        b.mapDelete(MAP_DELETE_ELEM, b.mapAddr("m"), second);
        Block found = b.newBlock("found");
        Block missing = b.newBlock("missing");
        b.condBr(Cmp.EQ, v, Constant.nullOf(Type.MAP_VALUE_OR_NULL), missing, found);
        b.setBlock(found);
        b.ret(Constant.i32(1));
        b.setBlock(missing);
        b.ret(Constant.i32(0));
        return optimize(b);
    }

    /** The stack objects the map calls read, in order. */
    private static List<Value> mapKeys(Function f) {
        return f.instructions().stream().filter(i -> i.op() == Op.MAP_LOOKUP || i.op() == Op.MAP_DELETE).map(i -> i.operand(1)).toList();
    }

    @Test
    void twoMapCallsWithTheSameKeyShareOneStackObject() {
        Function f = lookupThenDelete(4, (b, first) -> { }, true);
        List<Value> keys = mapKeys(f);
        assertEquals(keys.get(0), keys.get(1), f.toString());
        assertEquals(1, count(f, Op.STORE), f.toString());
        assertEquals(1, count(f, Op.STACK_ALLOC), f.toString());
    }

    @Test
    void aKeyWrittenInBetweenIsNotShared() {
        // a helper receives the first key and may write it: the second keeps its own object
        Function f = lookupThenDelete(8, (b, first) -> b.helperCall(GET_CURRENT_COMM, Type.I64, first, Constant.i64(8)), true);
        List<Value> keys = mapKeys(f);
        assertFalse(keys.get(0).equals(keys.get(1)), f.toString());
        assertEquals(2, count(f, Op.STORE), f.toString());
    }

    /** {@code for (int i = 0; i < 10; i++) body}, leaving the builder after the loop. */
    private static void loop(FunctionBuilder b, java.util.function.Consumer<FunctionBuilder> body) {
        Block entry = b.currentBlock(), head = b.newBlock("head"), inside = b.newBlock("inside"), after = b.newBlock("after");
        b.br(head);
        b.setBlock(head);
        Phi i = b.phi(Type.I32);
        b.condBr(Cmp.SLT, i, Constant.i32(10), inside, after);
        b.setBlock(inside);
        body.accept(b);
        Value next = b.add(i, Constant.i32(1));
        i.addIncoming(entry, Constant.i32(0)).addIncoming(b.currentBlock(), next);
        b.br(head);
        b.setBlock(after);
    }

    @Test
    void aKeyIsSharedAcrossALoopThatLeavesItAlone() {
        // m.get(0) before a loop, m.put(0, ...) after it: clang's one key slot, not a second store of 0
        Function f = lookupThenDelete(4, (b, first) -> loop(b, x -> x.helperCall(TRACE_PRINTK, Type.I64, x.globalAddr("fmt", 0),
                Constant.i64(4))), true);
        List<Value> keys = mapKeys(f);
        assertEquals(keys.get(0), keys.get(1), f.toString());
        assertEquals(1, count(f, Op.STORE), f.toString());
    }

    @Test
    void aKeyALoopMayWriteIsNotShared() {
        Function f = lookupThenDelete(8, (b, first) -> loop(b, x -> x.helperCall(GET_CURRENT_COMM, Type.I64, first, Constant.i64(8))),
                true);
        List<Value> keys = mapKeys(f);
        assertFalse(keys.get(0).equals(keys.get(1)), f.toString());
        assertEquals(2, count(f, Op.STORE), f.toString());
    }

    /**
     * {@code int[] a = {0, 7}; do { a[0] = a[1]; a[1] = 0; } while (++i < 3); return a[0];}: a
     * loop of one block, its own latch, whose stores the back edge brings round (fuzz seed 6007).
     */
    @Test
    void aLoopOfOneBlockForwardsNothingItWritesIntoItself() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32);
        Block entry = b.currentBlock(), body = b.newBlock("body"), after = b.newBlock("after");
        Value a = b.stackAlloc(8, false);
        b.store(a, 0, 4, Constant.i32(0));
        b.store(a, 4, 4, Constant.i32(7));
        b.br(body);
        b.setBlock(body);
        Phi i = b.phi(Type.I32);
        b.store(a, 0, 4, b.load(Type.I32, a, 4, 4, false));
        b.store(a, 4, 4, Constant.i32(0));
        Value next = b.add(i, Constant.i32(1));
        i.addIncoming(entry, Constant.i32(0)).addIncoming(body, next);
        b.condBr(Cmp.SLT, next, Constant.i32(3), body, after);
        b.setBlock(after);
        b.ret(b.load(Type.I32, a, 0, 4, false));
        Function f = optimize(b);
        assertTrue(body.instructions().stream().anyMatch(x -> x.op() == Op.LOAD), "a[1] is read in each iteration: " + f);
        assertFalse(after.terminator().operand(0) instanceof Constant, "a[0] is not the 7 from before the loop: " + f);
    }

    @Test
    void aKeyOfAnotherValueIsNotShared() {
        Function f = lookupThenDelete(8, (b, first) -> { }, false);
        List<Value> keys = mapKeys(f);
        assertFalse(keys.get(0).equals(keys.get(1)), f.toString());
        assertEquals(2, count(f, Op.STORE), f.toString());
    }

    @Test
    void aKeyStoredOnOnlyOnePathIsNotShared() {
        // the first object holds the key only where the branch stored it; the update reads its own copy
        FunctionBuilder b = FunctionBuilder.subprogram("p", Type.I32, Type.I64);
        Value key = b.param(0);
        Value first = b.stackAlloc(8, false);
        Value second = b.stackAlloc(8, false);
        Block store = b.newBlock("store");
        Block join = b.newBlock("join");
        b.condBr(Cmp.EQ, key, Constant.i64(0), join, store);
        b.setBlock(store);
        b.store(first, 0, 8, key);
        b.mapDelete(MAP_DELETE_ELEM, b.mapAddr("m"), first);
        b.br(join);
        b.setBlock(join);
        b.store(second, 0, 8, key);
        b.mapUpdate(MAP_UPDATE_ELEM, b.mapAddr("m"), second, second, Constant.i64(0));
        b.ret(Constant.i32(0));
        Function f = optimize(b);
        Instruction update = f.instructions().stream().filter(i -> i.op() == Op.MAP_UPDATE).findFirst().orElseThrow();
        assertEquals(update.operand(1), update.operand(2), f.toString());
        assertFalse(update.operand(1).equals(mapKeys(f).get(0)), f.toString());
        assertEquals(2, count(f, Op.STORE), f.toString());
    }

    @Test
    void commonSubexpressionsAndDeadCodeGo() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I64, Type.I64);
        Value x = b.add(b.param(0), b.param(1));
        Value y = b.add(b.param(1), b.param(0));
        b.mul(x, y);   // unused
        b.ret(b.sub(x, y));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.ADD) + count(f, Op.MUL) + count(f, Op.SUB), f.toString());
        assertEquals(Constant.i64(0), f.entry().terminator().operand(0));
    }

    @Test
    void byteSwappedCompareComparesRawLoad() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block no = b.newBlock("no");
        Block yes = b.newBlock("yes");
        Value slot = b.stackAlloc(8, true);
        b.helperCall(GET_CURRENT_COMM, Type.I64, slot, Constant.i64(8));    // bytes the optimizer cannot know
        Value raw = b.load(Type.I32, slot, 0, 2, false);
        Value proto = b.sext(b.bswap(raw, 2), 2, Type.I32);    // Short.reverseBytes(eth.proto)
        b.condBr(Cmp.NE, proto, Constant.i32((short) 0x86DD), no, yes);
        b.setBlock(no);
        b.ret(Constant.i32(1));
        b.setBlock(yes);
        b.ret(Constant.i32(2));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.BSWAP), f.toString());
        Instruction br = f.entry().terminator();
        assertEquals(Op.COND_BR, br.op());
        assertTrue(br.operands().contains(Constant.i32(0xDD86)), f.toString());
    }

    @Test
    void truncatedLongArithmeticBecomesAlu32() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Value wide = b.add(b.zext(b.param(0), 4, Type.I64), b.sext(b.param(1), 4, Type.I64));
        b.ret(b.trunc(wide));
        Function f = optimize(b);
        assertEquals(List.of(Op.ADD, Op.RETURN), f.entry().instructions().stream().map(Instruction::op).toList(), f.toString());
        assertEquals(Type.I32, f.entry().instructions().get(0).type());
    }

    @Test
    void aSignedByteShiftedThenMaskedBelowItsSignIsLoadedUnsigned() {
        // (b >> 4) & 0xF of a byte b (a TCP data offset): the sign extension's bits are masked away
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value slot = b.stackAlloc(8, true);
        b.helperCall(GET_CURRENT_COMM, Type.I64, slot, Constant.i64(8));
        b.ret(b.and(b.ashr(b.load(Type.I32, slot, 0, 1, true), Constant.i32(4)), Constant.i32(0xF)));
        Function f = optimize(b);
        assertFalse(f.instructions().stream().filter(i -> i.op() == Op.LOAD).findFirst().orElseThrow().signExtends(), f.toString());
        for (int x = Byte.MIN_VALUE; x <= Byte.MAX_VALUE; x++) {
            assertEquals(((byte) x >> 4) & 0xF, ((x & 0xFF) >> 4) & 0xF, "the JVM agrees for " + x);
        }
        // a mask reaching the sign's copies keeps the signed load
        FunctionBuilder wide = FunctionBuilder.program("p", "xdp", Type.I32);
        Value s2 = wide.stackAlloc(8, true);
        wide.helperCall(GET_CURRENT_COMM, Type.I64, s2, Constant.i64(8));
        wide.ret(wide.and(wide.ashr(wide.load(Type.I32, s2, 0, 1, true), Constant.i32(4)), Constant.i32(0x1F)));
        Function g = optimize(wide);
        assertTrue(g.instructions().stream().filter(i -> i.op() == Op.LOAD).findFirst().orElseThrow().signExtends(), g.toString());
    }

    @Test
    void maskedSignedByteLoadBecomesUnsignedLoad() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value slot = b.stackAlloc(8, true);
        b.helperCall(GET_CURRENT_COMM, Type.I64, slot, Constant.i64(8));
        b.ret(b.and(b.load(Type.I32, slot, 1, 1, true), Constant.i32(0xFF)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.AND), f.toString());
        Instruction load = f.instructions().stream().filter(i -> i.op() == Op.LOAD).findFirst().orElseThrow();
        assertFalse(load.signExtends(), "zero-extending load expected: " + f);
    }

    /** eth (14 bytes), proto test, ip (20 bytes at 14): one check of 34 bytes. */
    private static FunctionBuilder ethThenIp(boolean sideEffectBetween) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block pass = b.newBlock("pass");
        Block ethOk = b.newBlock("eth_ok");
        Block isIp = b.newBlock("is_ip");
        Block ipOk = b.newBlock("ip_ok");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value eth = b.packetHeader(data, Constant.i64(0), 14, end);
        b.condBr(Cmp.EQ, eth, Constant.nullOf(Type.PACKET_OR_NULL), pass, ethOk);
        b.setBlock(ethOk);
        if (sideEffectBetween) b.helperCall(TRACE_PRINTK, Type.I64, b.globalAddr("fmt", 0), Constant.i64(4));
        Value proto = b.load(Type.I32, eth, 12, 2, false);
        b.condBr(Cmp.NE, proto, Constant.i32(8), pass, isIp);
        b.setBlock(isIp);
        Value ip = b.packetHeader(data, Constant.i64(14), 20, end);
        b.condBr(Cmp.EQ, ip, Constant.nullOf(Type.PACKET_OR_NULL), pass, ipOk);
        b.setBlock(ipOk);
        b.ret(b.load(Type.I32, ip, 9, 1, false));
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        return b;
    }

    @Test
    void boundsChecksMergeWhenUnobservable() {
        Function f = optimize(ethThenIp(false));
        List<Instruction> headers = f.instructions().stream().filter(i -> i.op() == Op.PACKET_HEADER).toList();
        assertEquals(1, headers.size(), f.toString());
        assertEquals(34, headers.get(0).size());
    }

    @Test
    void aFurtherCheckAtAVariableOffsetStartsFromTheEarlierHeader() {
        // an option's kind at data + i, then its length at data + (i + 1) behind an observable exit:
        // the checks stay two, the second one from the kind's pointer (clang's p + 2 > end)
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block pass = b.newBlock("pass");
        Block drop = b.newBlock("drop");
        Block ethOk = b.newBlock("eth_ok");
        Block kindOk = b.newBlock("kind_ok");
        Block option = b.newBlock("option");
        Block lenOk = b.newBlock("len_ok");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value eth = b.packetHeader(data, Constant.i64(0), 14, end);
        b.condBr(Cmp.EQ, eth, Constant.nullOf(Type.PACKET_OR_NULL), pass, ethOk);
        b.setBlock(ethOk);
        Value i = b.load(Type.I32, eth, 0, 1, false);
        Value kind = b.packetHeader(data, b.zext(i, 4, Type.I64), 1, end);
        b.condBr(Cmp.EQ, kind, Constant.nullOf(Type.PACKET_OR_NULL), pass, kindOk);
        b.setBlock(kindOk);
        b.condBr(Cmp.EQ, b.load(Type.I32, kind, 0, 1, false), Constant.i32(0), drop, option);
        b.setBlock(option);
        Value len = b.packetHeader(data, b.zext(b.add(i, Constant.i32(1)), 4, Type.I64), 1, end);
        b.condBr(Cmp.EQ, len, Constant.nullOf(Type.PACKET_OR_NULL), pass, lenOk);
        b.setBlock(lenOk);
        b.ret(b.load(Type.I32, len, 0, 1, false));
        b.setBlock(drop);
        b.ret(Constant.i32(1));
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        Function f = optimize(b);
        List<Instruction> headers = f.instructions().stream().filter(h -> h.op() == Op.PACKET_HEADER).toList();
        assertEquals(3, headers.size(), f.toString());
        Instruction second = headers.get(2);
        assertSame(headers.get(1), second.operand(0), f.toString());
        assertEquals(Constant.i64(1), second.operand(1), f.toString());
        assertEquals(1, second.size());
    }

    /** {@code ctx.header(14 + ihl * 4, UdpHdr.class)} after the IPv4 header, returning its port at +2; the offset's sum kept if {@code keepSum}. */
    private static Function portsBehindIp(boolean keepSum) {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block pass = b.newBlock("pass"), ipOk = b.newBlock("ip_ok"), portsOk = b.newBlock("ports_ok");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value ip = b.packetHeader(data, Constant.i64(0), 34, end);
        b.condBr(Cmp.EQ, ip, Constant.nullOf(Type.PACKET_OR_NULL), pass, ipOk);
        b.setBlock(ipOk);
        Value at = b.add(Constant.i32(14), b.mul(b.and(b.load(Type.I32, ip, 14, 1, false), Constant.i32(15)), Constant.i32(4)));
        Value ports = b.packetHeader(data, b.zext(at, 4, Type.I64), 8, end);
        b.condBr(Cmp.EQ, ports, Constant.nullOf(Type.PACKET_OR_NULL), pass, portsOk);
        b.setBlock(portsOk);
        Value port = b.load(Type.I32, ports, 2, 2, false);
        b.ret(keepSum ? b.add(port, at) : port);
        b.setBlock(pass);
        b.ret(Constant.i32(2));
        return optimize(b);
    }

    @Test
    void aHeaderAtAVariableOffsetIsCheckedFromItsVariablePart() {
        // data + ihl * 4 checked over 14 + 8 bytes, the port loaded at +16: the add of 14 goes, as in clang's code
        Function f = portsBehindIp(false);
        Instruction ports = f.instructions().stream().filter(i -> i.op() == Op.PACKET_HEADER && i.size() != 34).findFirst().orElseThrow();
        assertEquals(22, ports.size(), f.toString());
        assertEquals(0, count(f, Op.ADD), f.toString());
    }

    @Test
    void aHeaderOffsetUsedElsewhereKeepsItsConstant() {
        // the sum lives on anyway: checking from its variable part would keep a second offset live
        Function f = portsBehindIp(true);
        Instruction ports = f.instructions().stream().filter(i -> i.op() == Op.PACKET_HEADER && i.size() != 34).findFirst().orElseThrow();
        assertEquals(8, ports.size(), f.toString());
    }

    @Test
    void boundsChecksStaySeparateAcrossSideEffects() {
        Function f = optimize(ethThenIp(true));
        assertEquals(2, count(f, Op.PACKET_HEADER), f.toString());
    }

    @Test
    void aTestWhoseWaysMeetCoversNothing() {
        // ctx.storeU8(46, 0 * (int) ctx.u32(43)): the read's value died, so both ways of its test
        // end up going to the same block, and the store must keep a check of its own (fuzzer, seed 7001138)
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block join = b.newBlock("join");
        Block store = b.newBlock("store");
        Block done = b.newBlock("done");
        Value data = b.ctxLoad(Type.PACKET, b.param(0), 0, 4);
        Value end = b.ctxLoad(Type.PACKET_END, b.param(0), 4, 4);
        Value word = b.packetHeader(data, Constant.i64(43), 4, end);
        Block inbounds = b.newBlock("inbounds");
        Block beyond = b.newBlock("beyond");
        b.condBr(Cmp.NE, word, Constant.nullOf(Type.PACKET_OR_NULL), inbounds, beyond);
        b.setBlock(inbounds);
        b.br(join);
        b.setBlock(beyond);
        b.br(join);
        b.setBlock(join);
        Value target = b.packetHeader(data, Constant.i64(46), 1, end);
        b.condBr(Cmp.NE, target, Constant.nullOf(Type.PACKET_OR_NULL), store, done);
        b.setBlock(store);
        b.store(target, 0, 1, Constant.i32(7));
        b.br(done);
        b.setBlock(done);
        b.ret(Constant.i32(0));
        Function f = optimize(b);
        assertEquals(1, count(f, Op.COND_BR), f.toString());
        assertEquals(1, count(f, Op.PACKET_HEADER), f.toString());
    }

    @Test
    void branchOnBooleanPhiIsThreaded() {
        // boolean ok = x > 0 || y > 0; if (ok) return 1; else return 0;  as a naive front end lowers it
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Block testY = b.newBlock("test_y");
        Block t = b.newBlock("true");
        Block fl = b.newBlock("false");
        Block join = b.newBlock("join");
        Block one = b.newBlock("one");
        Block zero = b.newBlock("zero");
        b.condBr(Cmp.SGT, b.param(0), Constant.i32(0), t, testY);
        b.setBlock(testY);
        b.condBr(Cmp.SGT, b.param(1), Constant.i32(0), t, fl);
        b.setBlock(t);
        b.br(join);
        b.setBlock(fl);
        b.br(join);
        b.setBlock(join);
        Phi ok = b.phi(Type.I32).addIncoming(t, Constant.i32(1)).addIncoming(fl, Constant.i32(0));
        b.condBr(Cmp.NE, ok, Constant.i32(0), one, zero);
        b.setBlock(one);
        b.ret(Constant.i32(1));
        b.setBlock(zero);
        b.ret(Constant.i32(0));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.PHI), f.toString());
        assertEquals(2, count(f, Op.COND_BR), f.toString());
    }

    @Test
    void doubleByteSwapOfAWordIsTheWord() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        b.ret(b.bswap(b.bswap(b.param(0), 4), 4));    // Integer.reverseBytes of a network-order field
        Function f = optimize(b);
        assertEquals(0, count(f, Op.BSWAP), f.toString());
    }

    @Test
    void contextLoadsAreReusedAlongSinglePredecessorPathsButNotAcrossCallsGivenTheContext() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block next = b.newBlock("next");
        Block out = b.newBlock("out");
        Value d1 = b.ctxLoad(Type.I32, b.param(0), 0, 4);
        b.condBr(Cmp.EQ, d1, Constant.i32(0), out, next);
        b.setBlock(next);
        Value d2 = b.ctxLoad(Type.I32, b.param(0), 0, 4);     // same as d1
        b.helperCall(GET_HASH_RECALC, Type.I64, b.param(0));
        Value d3 = b.ctxLoad(Type.I32, b.param(0), 0, 4);     // after a call given the context: reloaded
        b.ret(b.add(d2, d3));
        b.setBlock(out);
        b.ret(Constant.i32(0));
        Function f = optimize(b);
        assertEquals(2, count(f, Op.CTX_LOAD), f.toString());
    }

    @Test
    void returnOfAPhiOfConstantsNeedsNoPhi() {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32);
        Block l = b.newBlock("l");
        Block r = b.newBlock("r");
        Block j = b.newBlock("j");
        b.condBr(Cmp.EQ, b.param(0), Constant.i32(0), l, r);
        b.setBlock(l);
        b.br(j);
        b.setBlock(r);
        b.br(j);
        b.setBlock(j);
        b.ret(b.phi(Type.I32).addIncoming(l, Constant.i32(1)).addIncoming(r, Constant.i32(2)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.PHI), f.toString());
        assertEquals(2, count(f, Op.RETURN), f.toString());
    }

    @Test
    void signExtensionNobodyObservesIsDropped() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Block copy = b.newBlock("copy");
        Block out = b.newBlock("out");
        Value buf = b.stackAlloc(8, true);
        Value x = b.load(Type.I32, buf, 0, 1, true);          // byte x = buf[0];
        b.condBr(Cmp.EQ, x, Constant.i32(17), copy, out);     // if (x == 17) buf[1] = x;
        b.setBlock(copy);
        b.store(buf, 1, 1, x);
        b.br(out);
        b.setBlock(out);
        b.ret(Constant.i32(0));
        Function f = optimize(b);
        assertTrue(f.instructions().stream().noneMatch(i -> i.op() == Op.LOAD && i.signExtends()), f.toString());
    }

    /** {@code (long) e(x)} of the int parameter x. */
    private static Function widened(java.util.function.BiFunction<FunctionBuilder, Value, Value> e) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I64, Type.I32);
        b.ret(b.sext(e.apply(b, b.param(0)), 4, Type.I64));
        return optimize(b);
    }

    @Test
    void signExtensionOfAnIntKnownNonNegativeIsAZeroExtension() {
        // (long) ((x & 0xF) * 4), (long) (x >>> 1), (long) ((x & 0xFF) + 3)
        List<java.util.function.BiFunction<FunctionBuilder, Value, Value>> nonNegative = List.of(
                (b, x) -> b.mul(b.and(x, Constant.i32(0xF)), Constant.i32(4)),
                (b, x) -> b.lshr(x, Constant.i32(1)),
                (b, x) -> b.add(b.and(x, Constant.i32(0xFF)), Constant.i32(3)));
        for (var e : nonNegative) {
            Function f = widened(e);
            assertEquals(0, count(f, Op.SEXT), f.toString());
            assertEquals(1, count(f, Op.ZEXT), f.toString());
        }
        for (int x : INT_EDGES) {
            assertEquals((long) ((x & 0xF) * 4), Integer.toUnsignedLong((x & 0xF) * 4), "the JVM agrees for " + x);
            assertEquals((long) (x >>> 1), Integer.toUnsignedLong(x >>> 1), "the JVM agrees for " + x);
            assertEquals((long) ((x & 0xFF) + 3), Integer.toUnsignedLong((x & 0xFF) + 3), "the JVM agrees for " + x);
        }
        // may be negative: (x & 0x7FFFFFFF) + 1 wraps at MAX_VALUE, x >> 1 keeps the sign, (x & 0xFFFF) << 16 reaches it
        List<java.util.function.BiFunction<FunctionBuilder, Value, Value>> maybeNegative = List.of(
                (b, x) -> b.add(b.and(x, Constant.i32(0x7FFFFFFF)), Constant.i32(1)),
                (b, x) -> b.ashr(x, Constant.i32(1)),
                (b, x) -> b.shl(b.and(x, Constant.i32(0xFFFF)), Constant.i32(16)));
        for (var e : maybeNegative) {
            Function f = widened(e);
            assertEquals(1, count(f, Op.SEXT), f.toString());
        }
    }

    @Test
    void aTruncatedContextWordIsAnIntContextLoad() {
        FunctionBuilder b = FunctionBuilder.program("p", "xdp", Type.I32);
        Value end = b.ctxLoad(Type.I64, b.param(0), 4, 4);
        Value start = b.ctxLoad(Type.I64, b.param(0), 0, 4);
        b.ret(b.sub(b.trunc(end), b.trunc(start)));
        Function f = optimize(b);
        assertEquals(0, count(f, Op.TRUNC), f.toString());
        assertTrue(f.instructions().stream().filter(i -> i.op() == Op.CTX_LOAD).allMatch(i -> i.type() == Type.I32), f.toString());
    }

    /**
     * {@code int slot = Long.compareUnsigned(nr, 511) < 0 ? (int) nr : 511; lookup(slot); return r}
     * where r is 0 or the slot: the key's phi joins the long where only the 4-byte store reads it.
     */
    private static Function truncatedKey(boolean returned) {
        FunctionBuilder b = FunctionBuilder.program("p", "raw_tracepoint/sys_enter", Type.I32);
        Value nr = b.ctxLoad(Type.I64, b.param(0), 8, 8);
        Block low = b.newBlock("low"), high = b.newBlock("high"), join = b.newBlock("join");
        b.condBr(Cmp.ULT, nr, Constant.i64(511), low, high);
        b.setBlock(low);
        Value narrow = b.trunc(nr);
        b.br(join);
        b.setBlock(high);
        b.br(join);
        b.setBlock(join);
        Phi slot = b.phi(Type.I32).addIncoming(low, narrow).addIncoming(high, Constant.i32(511));
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, slot);
        b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("m"), key);
        b.ret(returned ? slot : Constant.i32(0));
        return optimize(b);
    }

    @Test
    void aTruncatedKeyJoinsTheLongItTruncates() {
        Function f = truncatedKey(false);
        assertEquals(0, count(f, Op.TRUNC), f.toString());
        assertTrue(f.instructions().stream().filter(i -> i.op() == Op.PHI).allMatch(i -> i.type() == Type.I64), f.toString());
        assertEquals(1, count(truncatedKey(true), Op.TRUNC), "a phi that is also returned as an int stays an int");
    }
}
