package org.bpf4j.compiler.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Op;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** {@link ChecksumSwapFolding}: RFC 1624 updates written in host order, held against the JVM. */
class ChecksumSwapFoldingTest {
    private static final long[] EDGES = {0, 1, 0xFF, 0x100, 0xFFFF, 0xFFFE, 0x1_0000, 0xFFFF_0000L, 0xFFFF_FFFFL, 0x8000_0000L, 0x0001_FFFF};

    /** The checksum after a 32-bit field changed, in host order, as the Java ports write it. */
    private static char replace(char check, int from, int to, int folds) {
        int sum = (~check & 0xFFFF) + (~from & 0xFFFF) + (~from >>> 16) + (to & 0xFFFF) + (to >>> 16);
        for (int n = 0; n < folds; n++) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (char) ~sum;
    }

    /** The 16-bit word stored: the checksum field {@code check} (as in memory) updated for {@code from -> to} (as in memory). */
    private static long inJava(long check, long from, long to, int folds) {
        char hostCheck = Character.reverseBytes((char) check);
        return Character.reverseBytes(replace(hostCheck, Integer.reverseBytes((int) from), Integer.reverseBytes((int) to), folds));
    }

    /** {@link #inJava} in the IR: the fields swapped to host order, the sum, the result swapped back and stored. */
    private static Function update(int folds) {
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32, Type.I32);
        Value ffff = Constant.i32(0xFFFF), sixteen = Constant.i32(16), ones = Constant.i32(-1);
        Value check = b.bswap(b.and(b.param(0), ffff), 2);
        Value from = b.bswap(b.param(1), 4), to = b.bswap(b.param(2), 4);
        Value notFrom = b.xor(from, ones);
        Value sum = b.add(b.and(b.xor(check, ones), ffff), b.and(notFrom, ffff));
        sum = b.add(sum, b.lshr(notFrom, sixteen));
        sum = b.add(sum, b.and(to, ffff));
        sum = b.add(sum, b.lshr(to, sixteen));
        for (int n = 0; n < folds; n++) sum = b.add(b.and(sum, ffff), b.lshr(sum, sixteen));
        Value slot = b.stackAlloc(2, false);
        b.store(slot, 0, 2, b.bswap(b.xor(sum, ones), 2));
        b.ret(b.load(Type.I32, slot, 0, 2, false));
        Function f = b.build();
        Optimizer.checking().run(f);
        return f;
    }

    private static long count(Function f, Op op) {
        return f.instructions().stream().filter(i -> i.op() == op).count();
    }

    private static void assertComputes(Function f, int folds) {
        Random r = new Random(9101);
        for (int n = 0; n < 3000; n++) {
            long check = n < EDGES.length ? EDGES[n] : r.nextInt(), from = n < EDGES.length * EDGES.length ? EDGES[n % EDGES.length] : r.nextInt();
            long to = n < EDGES.length * EDGES.length ? EDGES[n / EDGES.length] : n % 3 == 0 ? from : r.nextInt();
            assertEquals(inJava(check, from, to, folds), IrRunner.run(f, check, from, to), "f(" + check + ", " + from + ", " + to + ") of " + f);
        }
    }

    @Test
    void aChecksumUpdatedInHostOrderIsUpdatedAsItLiesInMemory() {
        Function f = update(2);
        assertEquals(0, count(f, Op.BSWAP), f.toString());
        assertComputes(f, 2);
    }

    @Test
    void aSumNotFoldedBelow0x10000KeepsItsSwaps() {
        // one fold of five words may leave 0x10000..0x10003: the swap of its low half is no one's-complement sum
        Function f = update(1);
        assertTrue(count(f, Op.BSWAP) > 0, f.toString());
        assertComputes(f, 1);
    }

    @Test
    void aSwapOfAFieldReturnedWholeStays() {
        // every bit of the swap is observed: the bits above the low 16 of a rewritten sum would show
        FunctionBuilder b = FunctionBuilder.subprogram("f", Type.I32, Type.I32, Type.I32);
        Value ffff = Constant.i32(0xFFFF);
        Value check = b.bswap(b.and(b.param(0), ffff), 2);
        Value sum = b.add(b.xor(check, ffff), b.and(b.param(1), ffff));
        sum = b.add(b.and(sum, ffff), b.lshr(sum, Constant.i32(16)));
        b.ret(b.bswap(sum, 2));
        Function f = b.build();
        Optimizer.checking().run(f);
        assertEquals(2, count(f, Op.BSWAP), f.toString());
        IrRunner.assertComputes((x, y) -> {
            int s = (Character.reverseBytes((char) x) ^ 0xFFFF) + (int) (y & 0xFFFF);
            return Character.reverseBytes((char) ((s & 0xFFFF) + (s >>> 16)));
        }, f);
    }
}
