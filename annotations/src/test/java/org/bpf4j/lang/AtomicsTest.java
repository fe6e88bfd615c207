package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Intrinsic;
import org.junit.jupiter.api.Test;

/** The JVM bodies of {@link Atomics}: each form's result and effect, and atomicity under contention. */
class AtomicsTest {
    @BpfStruct
    static final class Counters {
        int small;
        long big;
        short narrow;
    }

    @Test
    void memberFormsComputeTheOperationAndReturnTheOldValue() {
        Counters c = new Counters();
        c.small = 0b1100;
        c.big = 0b1100L << 40;
        assertEquals(0b1100, Atomics.getAndAdd(c, "small", 3));
        assertEquals(0b1111, c.small);
        assertEquals(0b1111, Atomics.getAndAnd(c, "small", 0b0110));
        assertEquals(0b0110, Atomics.getAndOr(c, "small", 0b1000));
        assertEquals(0b1110, Atomics.getAndXor(c, "small", 0b0011));
        assertEquals(0b1101, Atomics.getAndSet(c, "small", -7));
        assertEquals(-7, Atomics.compareAndExchange(c, "small", 5, 9));
        assertEquals(-7, c.small, "a failed compare-exchange leaves the member");
        assertEquals(-7, Atomics.compareAndExchange(c, "small", -7, 9));
        assertEquals(9, c.small);

        assertEquals(0b1100L << 40, Atomics.getAndAdd(c, "big", 1L << 40));
        assertEquals(0b1101L << 40, Atomics.getAndAnd(c, "big", 0b0101L << 40));
        assertEquals(0b0101L << 40, Atomics.getAndOr(c, "big", 1L));
        assertEquals((0b0101L << 40) | 1, Atomics.getAndXor(c, "big", -1L));
        assertEquals(~((0b0101L << 40) | 1), Atomics.getAndSet(c, "big", Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, Atomics.compareAndExchange(c, "big", 0L, 1L));
        assertEquals(Long.MIN_VALUE, Atomics.compareAndExchange(c, "big", Long.MIN_VALUE, 1L));
        assertEquals(1L, c.big);
    }

    @Test
    void nonFetchingFormsOnAnIntMemberUseTheLow32BitsAsCompoundAssignment() {
        Counters c = new Counters();
        Atomics.add(c, "small", 0x1_0000_0005L);
        int expected = 0;
        expected += 0x1_0000_0005L;
        assertEquals(expected, c.small);
        Atomics.or(c, "small", 0xF0);
        Atomics.and(c, "small", 0x3C);
        Atomics.xor(c, "small", -1L);
        assertEquals(~(((5 | 0xF0) & 0x3C)), c.small);
        Atomics.add(c, "big", -3);
        Atomics.xor(c, "big", 1L << 63);
        assertEquals(-3L ^ (1L << 63), c.big);
    }

    @Test
    void arrayFormsActOnOneElement() {
        int[] ints = {1, 2, 3};
        long[] longs = {10, 20, 30};
        Atomics.add(ints, 1, 5);
        assertEquals(7, Atomics.getAndSet(ints, 1, 0));
        assertEquals(3, Atomics.compareAndExchange(ints, 2, 3, 33));
        assertEquals(33, Atomics.getAndXor(ints, 2, 1));
        Atomics.or(ints, 0, 6);
        Atomics.and(ints, 0, 3);
        Atomics.xor(ints, 0, 8);
        assertEquals(11, Atomics.getAndAnd(ints, 0, 0xFF));
        assertEquals(11, Atomics.getAndOr(ints, 0, 0x100));
        assertEquals(0, Atomics.getAndAdd(ints, 1, 1));
        assertEquals(List.of(0x10B, 1, 32), List.of(ints[0], ints[1], ints[2]));

        Atomics.add(longs, 0, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE + 10, Atomics.getAndAdd(longs, 0, 0));
        assertEquals(20, Atomics.compareAndExchange(longs, 1, 21, 0));
        assertEquals(20, longs[1]);
        assertEquals(30, Atomics.getAndOr(longs, 2, 1L << 62));
        Atomics.and(longs, 2, (1L << 62) | 2);
        Atomics.or(longs, 1, 1);
        Atomics.xor(longs, 1, 3);
        assertEquals((1L << 62) | 2, Atomics.getAndAnd(longs, 2, -1));
        assertEquals(22, Atomics.getAndXor(longs, 1, 0));
        assertEquals(22, Atomics.getAndSet(longs, 1, 7));
        assertEquals(7, longs[1]);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> Atomics.add(ints, 3, 1));
    }

    @Test
    void concurrentUpdatesLoseNothing() throws InterruptedException {
        Counters c = new Counters();
        long[] slots = new long[2];
        int threads = 4;
        int rounds = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    Atomics.add(c, "big", 1);
                    Atomics.getAndAdd(c, "small", 1);
                    Atomics.add(slots, i & 1, 1);
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals((long) threads * rounds, c.big);
        assertEquals(threads * rounds, c.small);
        assertEquals((long) threads * rounds, slots[0] + slots[1]);
    }

    @Test
    void membersThatAreNotIntOrLongOrOfTheOtherWidthAreRefused() {
        Counters c = new Counters();
        assertThrows(IllegalArgumentException.class, () -> Atomics.add(c, "narrow", 1));
        assertThrows(IllegalArgumentException.class, () -> Atomics.add(c, "missing", 1));
        assertThrows(IllegalArgumentException.class, () -> Atomics.getAndAdd(c, "big", 1));
        assertThrows(IllegalArgumentException.class, () -> Atomics.getAndAdd(c, "small", 1L));
    }

    @Test
    void everyPublicMethodIsAnIntrinsic() {
        int count = 0;
        for (Method m : Atomics.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                assertTrue(m.isAnnotationPresent(Intrinsic.class), m + " has no @Intrinsic: BPF code could not call it");
                count++;
            }
        }
        assertEquals(36, count);
    }
}
