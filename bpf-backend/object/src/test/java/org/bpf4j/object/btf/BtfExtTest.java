package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfExtTest {

    /** What the compiler does: types and FUNCs, then the ext's strings, then build and encode both. */
    @Test
    void compilerStyleExtRoundTrips() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        int proto = b.addFuncProto(i32, List.of(new BtfType.Param("ctx", 0)));
        int main = b.addFunc("filter", proto, Linkage.GLOBAL);
        int sub = b.addFunc("helper", proto, Linkage.STATIC);
        BtfExt ext = new BtfExt(
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, main), new BtfExt.FuncInfo(96, sub)))),
                List.of(new BtfExt.Section<>("xdp", List.of(
                        new BtfExt.LineInfo(0, "demo/Firewall.java", "static int filter(XdpContext ctx) {", 21, 5),
                        new BtfExt.LineInfo(16, "demo/Firewall.java", "if (eth == null) return PASS;", 23, 1023)))),
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.CoreRelo(8, i32, "0", CoreReloKind.TYPE_SIZE)))));
        ext.addStringsTo(b);
        Btf btf = b.build();
        byte[] bytes = ext.encode(btf);
        assertEquals(ext, BtfExt.parse(bytes, btf));
        assertArrayEquals(bytes, BtfExt.parse(bytes, btf).encode(btf));

        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, buf.getInt(4), "header length");
        int lineBlock = 32 + buf.getInt(16);
        assertEquals(16, buf.getInt(lineBlock), "line_info record size");
        int secondLine = lineBlock + 4 + 8 + 16;
        assertEquals(16, buf.getInt(secondLine));
        assertEquals(btf.strings().offsetOf("demo/Firewall.java").getAsInt(), buf.getInt(secondLine + 4));
        assertEquals(23 << 10 | 1023, buf.getInt(secondLine + 12), "line_col packs line << 10 | column");
    }

    @Test
    void encodingNeedsEveryStringInTheTable() {
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, true);
        BtfExt ext = new BtfExt(List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, 1)))),
                List.of(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ext.encode(b.build()));
        assertTrue(e.getMessage().contains("'xdp'"), e.getMessage());
    }

    @Test
    void emptyCoreReloBlockIsLeftOutLikeLlvmDoes() {
        BtfBuilder b = new BtfBuilder();
        b.addString("xdp");
        BtfExt ext = new BtfExt(List.of(), List.of(), List.of());
        byte[] bytes = ext.encode(b.build());
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32 + 4 + 4, bytes.length, "two record sizes, no core_relo block");
        assertEquals(0, buf.getInt(28));
    }

    @Test
    void readsOlderHeadersAndLargerRecords() {
        BtfBuilder b = new BtfBuilder();
        int sec = b.addString("xdp");
        Btf btf = b.build();
        // 24-byte header (no core_relo fields), func_info records of 12 bytes (one unknown trailing field).
        ByteBuffer buf = ByteBuffer.allocate(24 + 4 + 8 + 12).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24)
                .putInt(0).putInt(24).putInt(24).putInt(0)
                .putInt(12).putInt(sec).putInt(1).putInt(40).putInt(7).putInt(0xdead);
        BtfExt ext = BtfExt.parse(buf.array(), btf);
        assertEquals(List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(40, 7)))), ext.funcInfo());
        assertTrue(ext.lineInfo().isEmpty() && ext.coreRelos().isEmpty());
    }

    @Test
    void lineAndColumnMustFitTheirBits() {
        assertThrows(IllegalArgumentException.class, () -> new BtfExt.LineInfo(0, "f", "", 1 << 22, 0));
        assertThrows(IllegalArgumentException.class, () -> new BtfExt.LineInfo(0, "f", "", 1, 1024));
    }
}
