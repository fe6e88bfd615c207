package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.runtime.BpfException;
import org.junit.jupiter.api.Test;

/** How kernel configuration values land in {@code __kconfig} externs of each type libbpf allows. */
class KconfigVariableTest {
    private final BtfBuilder b = new BtfBuilder();

    private KconfigVariable var(String name, int type) {
        int id = b.addVar(name, type, Linkage.EXTERN);
        Btf btf = b.build();
        return KconfigVariable.of(btf, id, "obj");
    }

    private static byte[] stored(KconfigVariable v, String text) {
        ByteBuffer at = ByteBuffer.allocate(v.size()).order(ByteOrder.LITTLE_ENDIAN);
        v.store(text, at, "obj");
        return at.array();
    }

    @Test
    void eachTypeTakesItsValues() {
        KconfigVariable bool = var("CONFIG_B", b.addInt("_Bool", 1, BtfType.Int.BOOL));
        assertArrayEquals(new byte[] {1}, stored(bool, "y"));
        assertArrayEquals(new byte[] {0}, stored(bool, "n"));
        assertThrows(BpfException.class, () -> stored(bool, "m"), "a module is not a bool");

        int tri = b.addEnum("libbpf_tristate", 4, List.of(new BtfType.EnumValue("TRI_NO", 0),
                new BtfType.EnumValue("TRI_YES", 1), new BtfType.EnumValue("TRI_MODULE", 2)));
        KconfigVariable tristate = var("CONFIG_T", tri);
        assertArrayEquals(new byte[] {2, 0, 0, 0}, stored(tristate, "m"));

        int charType = b.addInt("char", 1, BtfType.Int.SIGNED);
        KconfigVariable ch = var("CONFIG_C", charType);
        assertArrayEquals(new byte[] {'m'}, stored(ch, "m"));

        KconfigVariable str = var("CONFIG_S", b.addArray(charType, b.addInt("int", 4, true), 4));
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0}, stored(str, "\"abcdef\""), "truncated, NUL-terminated");
        assertThrows(BpfException.class, () -> stored(str, "y"));

        KconfigVariable u16 = var("CONFIG_U", b.addInt("unsigned short", 2, false));
        assertArrayEquals(new byte[] {(byte) 0xfa, 0}, stored(u16, "250"));
        assertArrayEquals(new byte[] {0x10, 0}, stored(u16, "0x10"));
        BpfException e = assertThrows(BpfException.class, () -> stored(u16, "65536"));
        assertTrue(e.getMessage().contains("CONFIG_U") && e.getMessage().contains("range"), e.getMessage());
        assertThrows(BpfException.class, () -> stored(u16, "\"text\""));
        assertEquals(2, u16.align());
    }

    @Test
    void typesLibbpfRefusesAreNamed() {
        int s = b.addStruct("s", 4, List.of(BtfType.Member.of("x", b.addInt("int", 4, true), 0)));
        BpfException e = assertThrows(BpfException.class, () -> var("CONFIG_X", s));
        assertTrue(e.getMessage().contains("CONFIG_X"), e.getMessage());
        assertThrows(BpfException.class, () -> var("CONFIG_Y", b.addEnum("other", 4, List.of())));
    }
}
