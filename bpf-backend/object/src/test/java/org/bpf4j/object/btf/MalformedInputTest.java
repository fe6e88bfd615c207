package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each kind of damage ends in a BtfFormatException that names the problem and its byte offset. */
class MalformedInputTest {
    // Layout of small(): header 24 bytes; int #1 at 24 (16 bytes); ptr #2 at 40 (12); struct #3 at 52 (12 + 2*12).
    private static final int INT_AT = 24;
    private static final int PTR_AT = 40;
    private static final int STRUCT_AT = 52;

    private static Btf smallBtf() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        int ptr = b.addPtr(i32);
        b.addStruct("pair", 16, List.of(BtfType.Member.of("a", i32, 0), BtfType.Member.of("b", ptr, 64)));
        b.addString("xdp");
        b.addString("File.java");
        return b.build();
    }

    private static byte[] small(Consumer<ByteBuffer> damage) {
        ByteBuffer buf = ByteBuffer.wrap(smallBtf().encode()).order(ByteOrder.LITTLE_ENDIAN);
        damage.accept(buf);
        return buf.array();
    }

    private static void assertRejected(byte[] data, String... fragments) {
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> Btf.parse(data));
        check(e, fragments);
    }

    private static void check(BtfFormatException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        assertTrue(e.getMessage().contains("at byte offset"), e.getMessage());
    }

    @Test
    void headerDamage() {
        assertRejected(small(b -> b.putShort(0, (short) 0x1234)), "bad BTF magic 0x1234", "offset 0");
        assertRejected(small(b -> b.putShort(0, (short) 0x9feb)), "big-endian");
        assertRejected(small(b -> b.put(2, (byte) 2)), "version 2", "offset 2");
        assertRejected(small(b -> b.putInt(4, 10_000)), "header length 10000");
        assertRejected(small(b -> b.putInt(4, 12)), "header length 12 is less than 24");
        assertRejected(small(b -> b.putInt(12, 1 << 20)), "type section", "extends beyond");
        assertRejected(small(b -> b.putInt(16, -8)), "string section", "extends beyond");
        assertRejected(small(b -> b.putInt(20, 0)), "string section is empty");
        assertRejected(Arrays.copyOf(smallBtf().encode(), 10), "header length 24 exceeds the 10-byte blob");
        assertRejected(Arrays.copyOf(smallBtf().encode(), 5), "BTF header: header length needs 4 bytes but only 1 remain");
        assertRejected(new byte[0], "magic");
    }

    @Test
    void stringTableDamage() {
        byte[] data = smallBtf().encode();
        int strStart = data.length - ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
        byte[] noLeadingNul = data.clone();
        noLeadingNul[strStart] = 'x';
        assertRejected(noLeadingNul, "must start with an empty string", "offset " + strStart);
        byte[] noTrailingNul = data.clone();
        noTrailingNul[data.length - 1] = 'x';
        assertRejected(noTrailingNul, "must end with a NUL");
        assertRejected(small(b -> b.putInt(INT_AT, 5000)), "type #1 (INT)", "name offset 5000", "offset " + INT_AT);
        assertRejected(small(b -> b.putInt(STRUCT_AT + 12 + 12, 777)), "member 1", "name offset 777");
        byte[] badUtf8 = data.clone();
        badUtf8[strStart + smallBtf().strings().offsetOf("int").getAsInt()] = (byte) 0xc3;   // "int" becomes 0xc3 'n' 't': a broken two-byte sequence
        assertRejected(badUtf8, "type #1 (INT): name offset", "not valid UTF-8", "offset " + INT_AT);
    }

    @Test
    void membersMustHaveSizedTypes() {
        // Member 'b' of struct #3 made to be a FUNC_PROTO (#2 turned from PTR into FUNC_PROTO).
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 13 << 24)), "type #3 (STRUCT 'pair')",
                "member 'b' has type #2 (FUNC_PROTO), which has no size", "offset " + STRUCT_AT);
        assertRejected(small(b -> b.putInt(STRUCT_AT + 12 + 4, 0)), "member 'a' has type void");
    }

    @Test
    void typeDamage() {
        assertRejected(small(b -> b.putInt(PTR_AT + 8, 1000)), "type #2 (PTR", "refers to type id 1000",
                "largest id is 3", "offset " + PTR_AT);
        assertRejected(small(b -> b.putInt(STRUCT_AT + 12 + 4, -1)), "type #3 (STRUCT 'pair')", "type id 4294967295");
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 25 << 24)), "type #2", "unknown kind 25", "offset " + PTR_AT);
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 0)), "unknown kind 0");
        assertRejected(small(b -> b.putInt(STRUCT_AT + 4, 4 << 24 | 1000)), "type #3 (STRUCT) members",
                "needs 12000 bytes", "offset " + (STRUCT_AT + 12));
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 2 << 24 | 1)), "vlen must be 0");
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 2 << 24 | 1 << 31)), "kind_flag must be 0");
        assertRejected(small(b -> b.putInt(PTR_AT + 4, 2 << 24 | 1 << 20)), "reserved bits");
        assertRejected(small(b -> b.putInt(PTR_AT, 1)), "must be anonymous");
        assertRejected(small(b -> b.putInt(INT_AT + 12, 0x03000020)), "int encoding 3 is not one of");
        assertRejected(small(b -> b.putInt(INT_AT + 12, 0x08000020)), "int encoding 8 is not one of");
        assertRejected(small(b -> b.putInt(12, STRUCT_AT + 12 - 24)), "members", "needs 24 bytes");
    }

    @Test
    void typesThatContainThemselves() {
        // Member 'a' of struct #3 made to be the struct itself: a by-value cycle.
        assertRejected(small(b -> b.putInt(STRUCT_AT + 12 + 4, 3)), "type #3 (STRUCT 'pair') contains itself",
                "offset " + STRUCT_AT);
        // The pointer #2 made to point at the struct: a linked-list shape, which is fine.
        Btf list = Btf.parse(small(b -> b.putInt(PTR_AT + 8, 3)));
        assertEquals(16, list.sizeOf(3));
        // The int turned into a typedef of the pointer that points to it: a cycle through a pointer, also fine,
        // but a const of itself is not.
        assertRejected(small(b -> {
            b.putInt(PTR_AT + 4, 10 << 24);
            b.putInt(PTR_AT + 8, 2);
        }), "type #2 (CONST", "contains itself");
    }

    @Test
    void btfExtDamage() {
        Btf btf = smallBtf();
        BtfExt ext = new BtfExt(List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, 1)))),
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.LineInfo(0, "File.java", "", 3, 1)))),
                List.of());
        byte[] good = ext.encode(btf);
        int funcBlock = 32;
        int lineBlock = 32 + 4 + 8 + 8;
        assertExtRejected(btf, patch(good, 0, 0x1111), "bad BTF.ext magic");
        assertExtRejected(btf, patchByte(good, 2, 9), "BTF.ext version 9");
        assertExtRejected(btf, patch(good, 4, 4000), "header length 4000");
        assertExtRejected(btf, patch(good, 12, 4000), "func_info block", "extends beyond");
        assertExtRejected(btf, patch(good, funcBlock, 6), "func_info record size 6", "offset " + funcBlock);
        assertExtRejected(btf, patch(good, funcBlock + 4, 9999), "func_info section name 9999", "outside");
        assertExtRejected(btf, patch(good, funcBlock + 8, 7), "func_info records of section 'xdp'", "needs 56 bytes");
        assertExtRejected(btf, patch(good, funcBlock + 8, 0), "'xdp' has no records");
        assertExtRejected(btf, patch(good, lineBlock + 12 + 4, 9999), "line_info file_name_off 9999");
        assertExtRejected(btf, Arrays.copyOf(good, good.length - 3), "line_info", "extends beyond");
        byte[] truncatedBlock = patch(good, 20, 4 + 8 + 10);
        assertExtRejected(btf, truncatedBlock, "line_info", "needs 16 bytes");
    }

    private static void assertExtRejected(Btf btf, byte[] data, String... fragments) {
        check(assertThrows(BtfFormatException.class, () -> BtfExt.parse(data, btf)), fragments);
    }

    private static byte[] patch(byte[] data, int at, int value) {
        byte[] copy = data.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return copy;
    }

    private static byte[] patchByte(byte[] data, int at, int value) {
        byte[] copy = data.clone();
        copy[at] = (byte) value;
        return copy;
    }
}
