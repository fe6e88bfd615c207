package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CoreRelocator on small hand-built type graphs: the rules, the failure modes. */
class CoreRelocatorTest {
    private static final int INT = 1;

    /** local: struct task { int a; int b; } (#2), enum mode { A, B } (#3), struct anon-root (#4). */
    private static Btf local() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        b.addStruct("task", 8, List.of(BtfType.Member.of("a", INT, 0), BtfType.Member.of("b", INT, 32)));
        b.addEnum("mode", 4, List.of(new BtfType.EnumValue("A", 0), new BtfType.EnumValue("B", 1)));
        b.addStruct("", 4, List.of(BtfType.Member.of("a", INT, 0)));
        return b.build();
    }

    /** target: struct task { long x; union { int b; }; int a; } (#4), enum mode { B = 7 } (#5). */
    private static BtfBuilder target() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        int lng = b.addInt("long", 8, true);
        int union = b.addUnion("", 4, List.of(BtfType.Member.of("b", INT, 0)));
        b.addStruct("task", 16, List.of(BtfType.Member.of("x", lng, 0), BtfType.Member.of("", union, 64),
                BtfType.Member.of("a", INT, 96)));
        b.addEnum("mode", 4, List.of(new BtfType.EnumValue("B", 7)));
        return b;
    }

    private static CoreResult resolve(Btf target, int type, String access, CoreReloKind kind) {
        return new CoreRelocator(local(), target).resolve(new BtfExt.CoreRelo(0, type, access, kind));
    }

    @Test
    void fieldsMoveAndAreFoundThroughAnonymousMembers() {
        Btf target = target().build();
        CoreResult a = resolve(target, 2, "0:0", CoreReloKind.FIELD_BYTE_OFFSET);
        assertEquals(0, a.localValue());
        assertEquals(12, a.targetValue());
        assertEquals("0:2", a.targetAccess());
        assertEquals(4, a.targetFieldSize());
        CoreResult b = resolve(target, 2, "0:1", CoreReloKind.FIELD_BYTE_OFFSET);
        assertEquals(8, b.targetValue());
        assertEquals("0:1:0", b.targetAccess());
        assertEquals(16, resolve(target, 2, "0", CoreReloKind.TYPE_SIZE).targetValue());
        assertEquals(4, resolve(target, 2, "0", CoreReloKind.TYPE_ID_TARGET).targetValue());
        assertEquals(2, resolve(target, 2, "0", CoreReloKind.TYPE_ID_LOCAL).targetValue());
        assertEquals(1, resolve(target, 2, "0:1", CoreReloKind.FIELD_SIGNED).targetValue());
    }

    /**
     * libbpf's bitfield values: the storage unit is the base type's size at its aligned offset,
     * doubled while the bits straddle it; the shifts isolate the bits in a 64-bit little-endian load.
     */
    @Test
    void bitfieldsGiveTheirUnitShiftsAndSignedness() {
        // local, as bpf4j declares bitfields: struct bits { unsigned flag:1 (unit 0); int wide:3 (unit 4); } (#4)
        BtfBuilder l = new BtfBuilder();
        int lu32 = l.addInt("unsigned int", 4, false);
        int ls32 = l.addInt("int", 4, true);
        int localBits = l.addStruct("bits", 8, List.of(BtfType.Member.bitfield("flag", lu32, 0, 1),
                BtfType.Member.bitfield("wide", ls32, 32, 3)));
        // target: struct bits { long x; unsigned a:3; unsigned flag:1; int :26; int wide:12 (straddles a 4-byte unit); }
        BtfBuilder t = new BtfBuilder();
        int tu32 = t.addInt("unsigned int", 4, false);
        int ts32 = t.addInt("int", 4, true);
        int lng = t.addInt("long", 8, true);
        t.addStruct("bits", 16, List.of(BtfType.Member.of("x", lng, 0), BtfType.Member.bitfield("a", tu32, 64, 3),
                BtfType.Member.bitfield("flag", tu32, 67, 1), BtfType.Member.bitfield("wide", ts32, 94, 12)));
        CoreRelocator r = new CoreRelocator(l.build(), t.build());
        long[][] expected = {
            // kind: flag local, flag target, wide local, wide target
            {0, 8, 4, 8},      // FIELD_BYTE_OFFSET
            {4, 4, 4, 8},      // FIELD_BYTE_SIZE
            {63, 60, 61, 22},  // FIELD_LSHIFT_U64: 64 - (bit offset + bits - unit offset * 8)
            {63, 63, 61, 52},  // FIELD_RSHIFT_U64: 64 - bits
            {0, 0, 1, 1},      // FIELD_SIGNED
        };
        CoreReloKind[] kinds = {CoreReloKind.FIELD_BYTE_OFFSET, CoreReloKind.FIELD_BYTE_SIZE, CoreReloKind.FIELD_LSHIFT_U64,
            CoreReloKind.FIELD_RSHIFT_U64, CoreReloKind.FIELD_SIGNED};
        for (int k = 0; k < kinds.length; k++) {
            for (int member = 0; member < 2; member++) {
                CoreResult res = r.resolve(new BtfExt.CoreRelo(0, localBits, "0:" + member, kinds[k]));
                assertFalse(res.poisoned(), kinds[k] + " of member " + member);
                assertEquals(expected[k][2 * member], res.localValue(), kinds[k] + " local, member " + member);
                assertEquals(expected[k][2 * member + 1], res.targetValue(), kinds[k] + " target, member " + member);
                assertEquals("0:" + (member + 2), res.targetAccess());
            }
        }
    }

    @Test
    void enumeratorsMatchByNameNotPosition() {
        Btf target = target().build();
        assertEquals(7, resolve(target, 3, "1", CoreReloKind.ENUMVAL_VALUE).targetValue());
        assertEquals(0, resolve(target, 3, "0", CoreReloKind.ENUMVAL_EXISTS).targetValue());
        assertTrue(resolve(target, 3, "0", CoreReloKind.ENUMVAL_VALUE).poisoned());
    }

    @Test
    void missingTargetsGiveZeroOrPoison() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        Btf empty = b.build();
        CoreResult exists = resolve(empty, 2, "0:0", CoreReloKind.FIELD_EXISTS);
        assertFalse(exists.poisoned());
        assertEquals(1, exists.localValue());
        assertEquals(0, exists.targetValue());
        assertEquals(0, resolve(empty, 2, "0", CoreReloKind.TYPE_EXISTS).targetValue());
        assertTrue(resolve(empty, 2, "0:0", CoreReloKind.FIELD_BYTE_OFFSET).poisoned());
        assertTrue(resolve(empty, 2, "0", CoreReloKind.TYPE_SIZE).poisoned());
    }

    @Test
    void flavorsAreCandidatesAndMustAgree() {
        assertEquals("task", CoreRelocator.essentialName("task___v2"));
        assertEquals("a____b", CoreRelocator.essentialName("a____b"), "four underscores are no separator");
        assertEquals("x___", CoreRelocator.essentialName("x___"));
        BtfBuilder agreeing = target();
        agreeing.addStruct("task___old", 16, List.of(BtfType.Member.of("a", INT, 96)));
        assertEquals(12, resolve(agreeing.build(), 2, "0:0", CoreReloKind.FIELD_BYTE_OFFSET).targetValue());
        BtfBuilder disagreeing = target();
        disagreeing.addStruct("task___old", 4, List.of(BtfType.Member.of("a", INT, 0)));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> resolve(disagreeing.build(), 2, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void incompatibleFieldTypesDoNotMatch() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        int fwd = b.addFwd("other", false);
        b.addStruct("task", 8, List.of(BtfType.Member.of("a", b.addPtr(fwd), 0)));
        assertTrue(resolve(b.build(), 2, "0:0", CoreReloKind.FIELD_BYTE_OFFSET).poisoned(), "int vs pointer");
    }

    @Test
    void typeMatchesIsStricterThanCompatibility() {
        assertEquals(0, resolve(target().build(), 2, "0", CoreReloKind.TYPE_MATCHES).targetValue(),
                "b only inside an anonymous union");
        assertEquals(0, resolve(new BtfBuilder().build(), 2, "0", CoreReloKind.TYPE_MATCHES).targetValue(), "no task");

        BtfBuilder reordered = new BtfBuilder();
        reordered.addInt("int", 4, true);
        int lng = reordered.addInt("long", 8, true);
        reordered.addStruct("task___v2", 16, List.of(BtfType.Member.of("b", INT, 0), BtfType.Member.of("c", lng, 32),
                BtfType.Member.of("a", INT, 96)));
        reordered.addEnum("mode", 4, List.of(new BtfType.EnumValue("C", 2), new BtfType.EnumValue("B", 9),
                new BtfType.EnumValue("A", 8)));
        CoreResult task = resolve(reordered.build(), 2, "0", CoreReloKind.TYPE_MATCHES);
        assertEquals(1, task.targetValue(), "members by name in any order, extra members allowed");
        assertEquals(1, resolve(reordered.build(), 3, "0", CoreReloKind.TYPE_MATCHES).targetValue(),
                "enumerators by name, values ignored");

        BtfBuilder unsigned = new BtfBuilder();
        int uint = unsigned.addInt("int", 4, false);
        unsigned.addStruct("task", 8, List.of(BtfType.Member.of("a", uint, 0), BtfType.Member.of("b", uint, 32)));
        assertEquals(0, resolve(unsigned.build(), 2, "0", CoreReloKind.TYPE_MATCHES).targetValue(), "signedness");
        assertEquals(1, resolve(unsigned.build(), 2, "0", CoreReloKind.TYPE_EXISTS).targetValue(),
                "while the looser compatibility holds");
    }

    @Test
    void typeMatchesAcceptsAForwardDeclarationBehindAPointer() {
        BtfBuilder l = new BtfBuilder();
        int other = l.addStruct("other", 4, List.of(BtfType.Member.of("z", l.addInt("int", 4, true), 0)));
        l.addStruct("holder", 8, List.of(BtfType.Member.of("p", l.addPtr(other), 0)));
        BtfBuilder t = new BtfBuilder();
        int fwd = t.addFwd("other", false);
        t.addStruct("holder", 8, List.of(BtfType.Member.of("p", t.addPtr(fwd), 0)));
        CoreRelocator r = new CoreRelocator(l.build(), t.build());
        assertEquals(1, r.resolve(new BtfExt.CoreRelo(0, 4, "0", CoreReloKind.TYPE_MATCHES)).targetValue());
        BtfBuilder union = new BtfBuilder();
        int ufwd = union.addFwd("other", true);
        union.addStruct("holder", 8, List.of(BtfType.Member.of("p", union.addPtr(ufwd), 0)));
        assertEquals(0, new CoreRelocator(l.build(), union.build())
                .resolve(new BtfExt.CoreRelo(0, 4, "0", CoreReloKind.TYPE_MATCHES)).targetValue(), "a union's fwd");
    }

    @Test
    void malformedRelocationsAreRejected() {
        Btf target = target().build();
        for (String access : List.of("", "0:x", "0:5", "0:-1", "0:0:0")) {
            assertThrows(CoreRelocationException.class, () -> resolve(target, 2, access, CoreReloKind.FIELD_BYTE_OFFSET),
                    access);
        }
        assertThrows(CoreRelocationException.class, () -> resolve(target, 2, "1", CoreReloKind.TYPE_SIZE));
        assertThrows(CoreRelocationException.class, () -> resolve(target, 3, "2", CoreReloKind.ENUMVAL_VALUE));
        assertThrows(CoreRelocationException.class, () -> resolve(target, 2, "1", CoreReloKind.TYPE_MATCHES));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> resolve(target, 4, "0:0", CoreReloKind.FIELD_BYTE_OFFSET));
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
    }
}
