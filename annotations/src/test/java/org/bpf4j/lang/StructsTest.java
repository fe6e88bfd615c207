package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;
import org.junit.jupiter.api.Test;

/** {@link Structs#copy} on the JVM: C's struct assignment, so afterwards the two structs share nothing. */
class StructsTest {
    @BpfStruct
    public static final class Inner {
        public short s;
        @Size(2) public long[] w;
    }

    @BpfStruct
    public static final class Outer {
        public int a;
        @Size(3) public byte[] b = new byte[3];
        public Inner inner = new Inner();
        @Size(2) public Inner[] many;
    }

    @Test
    void copiesEveryMemberByValue() {
        Outer from = new Outer();
        from.a = 7;
        from.b = new byte[] {1, 2, 3};
        from.inner.s = -5;
        from.inner.w = new long[] {10, 20};
        from.many = new Inner[] {new Inner(), new Inner()};
        from.many[1].s = 9;
        Outer to = new Outer();
        Structs.copy(to, from);
        from.b[0] = 100;
        from.inner.w[1] = 99;
        from.many[1].s = 1;
        assertEquals(7, to.a);
        assertArrayEquals(new byte[] {1, 2, 3}, to.b);
        assertNotSame(from.inner, to.inner);
        assertEquals(-5, to.inner.s);
        assertArrayEquals(new long[] {10, 20}, to.inner.w);
        assertEquals(9, to.many[1].s);
        assertArrayEquals(new long[2], to.many[0].w, "a missing array copies as zeros, as memory would");
    }

    @Test
    void refusesStructsOfDifferentClasses() {
        assertThrows(IllegalArgumentException.class, () -> Structs.copy(new Outer(), new Inner()));
    }
}
