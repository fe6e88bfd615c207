package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BtfBuilderTest {

    /** One type of every kind, with the flags each kind can carry. */
    static Btf everyKind() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);                                        // 1
        int u8 = b.addInt("unsigned char", 1, false);                              // 2
        b.addInt("char", 1, BtfType.Int.CHAR);                                   // 3
        b.addInt("_Bool", 1, BtfType.Int.BOOL);                                    // 4
        int ptr = b.addPtr(i32);                                                   // 5
        int arr = b.addArray(u8, i32, 16);                                         // 6
        int struct = b.addStruct("flags", 16, List.of(                             // 7
                BtfType.Member.bitfield("a", i32, 0, 3),
                BtfType.Member.bitfield("b", i32, 3, 29),
                BtfType.Member.of("next", 15, 64)));
        b.addUnion("number", 8, List.of(BtfType.Member.of("i", i32, 0),            // 8
                BtfType.Member.of("d", 17, 0)));
        b.addEnum("colour", 4, List.of(new BtfType.EnumValue("RED", -1),           // 9
                new BtfType.EnumValue("BLUE", 7)));
        int fwd = b.addFwd("later", false);                                        // 10
        b.addFwd("u_later", true);                                                 // 11
        int td = b.addTypedef("flags_t", struct);                                  // 12
        int vol = b.addVolatile(td);                                               // 13
        int cst = b.addConst(vol);                                                 // 14
        b.addRestrict(ptr);                                                        // 15
        int proto = b.addFuncProto(i32, List.of(new BtfType.Param("ctx", ptr),     // 16
                new BtfType.Param("", 0)));
        b.addFloat("double", 8);                                                   // 17
        int func = b.addFunc("handle", proto, Linkage.GLOBAL);                     // 18
        int var = b.addVar("config", cst, Linkage.GLOBAL);                         // 19
        b.addVar("hidden", i32, Linkage.STATIC);                                   // 20
        b.addDatasec(".rodata", 8, List.of(new BtfType.VarSecInfo(var, 0, 8)));    // 21
        b.addDeclTag("kfunc", func, -1);                                           // 22
        b.addDeclTag("arg", func, 0);                                              // 23
        b.addTypeTag("user", i32);                                                 // 24
        b.addEnum64("big", 8, false, List.of(new BtfType.Enum64Value("HUGE", 0xfedcba9876543210L))); // 25
        b.add(new BtfType.TypeTag("rcu", ptr, true));                              // 26
        b.add(new BtfType.DeclTag("attr", var, -1, true));                         // 27
        b.add(new BtfType.Func("ext_fn", proto, Linkage.EXTERN));                  // 28
        b.addArray(arr, i32, 2);                                                   // 29
        assertEquals(10, fwd);
        return b.build();
    }

    @Test
    void everyKindSurvivesEncodeAndParse() {
        Btf btf = everyKind();
        assertEquals(29, btf.maxId());
        Btf back = Btf.parse(btf.encode());
        assertEquals(btf.types(), back.types());
        assertArrayEquals(btf.encode(), back.encode());
        for (BtfKind kind : BtfKind.values()) {
            assertTrue(back.types().stream().anyMatch(t -> t.kind() == kind), "missing kind " + kind);
        }
    }

    @Test
    void flagsLandInTheRightBits() {
        Btf btf = everyKind();
        BtfType.Struct flags = btf.type(7, BtfType.Struct.class);
        assertTrue(flags.bitfieldOffsets(), "a bitfield member sets kind_flag");
        assertEquals(29, flags.members().get(1).bitfieldSize());
        assertTrue(btf.type(9, BtfType.Enum.class).signed(), "a negative enumerator makes the enum signed");
        assertTrue(btf.type(11, BtfType.Fwd.class).union());
        assertEquals(0xfedcba9876543210L, btf.type(25, BtfType.Enum64.class).values().get(0).value());
        byte[] bytes = btf.encode();
        // info word of type #7 (struct, kind_flag, vlen 3): kind 4 << 24 | 1 << 31 | 3.
        int typeStart = Btf.HEADER_LENGTH + 4 * 16 + 12 + 24;   // four ints (16 each), ptr (12), array (24)
        assertEquals(0x84000003, readInt(bytes, typeStart + 4));
        // first member offset packs bitfield_size << 24 | bit_offset.
        assertEquals(3 << 24, readInt(bytes, typeStart + 12 + 8));
    }

    @Test
    void lookupsByNameKindAndThroughModifiers() {
        Btf btf = everyKind();
        assertEquals(7, btf.findId("flags", BtfKind.STRUCT).getAsInt());
        assertTrue(btf.findId("flags", BtfKind.UNION).isEmpty());
        assertEquals(List.of(12), btf.findIds("flags_t"));
        assertEquals(7, btf.skipModifiers(14));
        assertEquals(16, btf.sizeOf(14));
        assertEquals(16 * 2, btf.sizeOf(29));
        assertEquals(8, btf.sizeOf(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> btf.type(7, BtfType.Union.class));
        assertTrue(e.getMessage().contains("STRUCT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> btf.type(0));
        assertThrows(IllegalArgumentException.class, () -> btf.type(30));
        assertThrows(IllegalArgumentException.class, () -> btf.sizeOf(16), "a func_proto has no size");
    }

    @Test
    void buildRejectsDanglingReferences() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        b.addPtr(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("type #2") && e.getMessage().contains("type id 3"), e.getMessage());
        b.addInt("long", 8, true);
        assertEquals(3, b.build().maxId(), "a forward reference is fine once the target exists");
    }

    @Test
    void buildRejectsTypesContainingThemselves() {
        BtfBuilder b = new BtfBuilder();
        int node = b.nextId();
        b.addStruct("node", 16, List.of(BtfType.Member.of("next", node + 1, 0)));
        b.addPtr(node);
        assertEquals(2, b.build().maxId(), "a struct may point to itself");
        b.addTypedef("loop", 4);
        b.addConst(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
    }

    @Test
    void stringsAreDeduplicated() {
        BtfBuilder b = new BtfBuilder();
        int off = b.addString("main.java");
        assertEquals(1, off, "offset 0 is the empty string");
        assertEquals(off, b.addString("main.java"));
        assertEquals(0, b.addString(""));
        b.addInt("int", 4, true);
        b.addTypedef("int_t", 1);
        b.addTypedef("int_t", 1);
        Btf btf = b.build();
        assertEquals(1 + "main.java".length() + 1 + "int".length() + 1 + "int_t".length() + 1, btf.strings().size());
        assertThrows(IllegalArgumentException.class, () -> b.addString("a\0b"));
    }

    @Test
    void sharedSuffixesReencodeUnchanged() {
        Btf btf = BtfBuilderTest.everyKind();
        byte[] bytes = btf.encode();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // Point the name of type #2 ("unsigned char") into itself, as a suffix-sharing producer would.
        int nameOff = buf.getInt(Btf.HEADER_LENGTH + 16);
        buf.putInt(Btf.HEADER_LENGTH + 16, nameOff + 1);
        Btf shared = Btf.parse(bytes);
        assertEquals("nsigned char", shared.type(2).name());
        assertArrayEquals(bytes, shared.encode());
        assertEquals(nameOff + 2, BtfBuilder.from(shared).addString("signed char"),
                "a builder also reuses tails of the table it started from");
        assertEquals(nameOff + 2, shared.strings().offsetOf("signed char").getAsInt());
    }

    @Test
    void internReusesEqualTypes() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.intern(BtfType.Int.of("int", 4, true));
        int p1 = b.intern(new BtfType.Ptr(i32));
        assertEquals(p1, b.intern(new BtfType.Ptr(i32)));
        assertNotEquals(p1, b.add(new BtfType.Ptr(i32)), "add always appends");
        assertEquals(i32, BtfBuilder.from(b.build()).intern(BtfType.Int.of("int", 4, true)));
    }

    @Test
    void datasecCanBePatchedAfterLayout() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        int x = b.addVar("x", i32, Linkage.GLOBAL);
        int y = b.addVar("y", i32, Linkage.GLOBAL);
        int sec = b.addDatasec(".data", 0, List.of(new BtfType.VarSecInfo(x, 0, 4), new BtfType.VarSecInfo(y, 0, 4)));
        b.patchDatasec(sec, 16, List.of(new BtfType.VarSecInfo(x, 0, 4), new BtfType.VarSecInfo(y, 8, 4)));
        BtfType.Datasec patched = Btf.parse(b.build().encode()).type(sec, BtfType.Datasec.class);
        assertEquals(".data", patched.name());
        assertEquals(16, patched.size());
        assertEquals(8, patched.vars().get(1).offset());
        assertThrows(IllegalArgumentException.class, () -> b.patchDatasec(x, 4, List.of()));
    }

    @Test
    void recordsRejectValuesTheirFieldsCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Struct("s", 4,
                List.of(BtfType.Member.bitfield("a", 1, 0, 3)), false));
        assertThrows(IllegalArgumentException.class, () -> BtfType.Member.bitfield("a", 1, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Int("i", 4, 16, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> new BtfType.Int("i", 4, BtfType.Int.SIGNED | BtfType.Int.CHAR, 0, 32));
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        b.addStruct("wide", 4, java.util.Collections.nCopies(65536, BtfType.Member.of("m", i32, 0)));
        assertThrows(IllegalArgumentException.class, b::build);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
