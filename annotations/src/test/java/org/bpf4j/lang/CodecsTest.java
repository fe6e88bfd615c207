package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.spi.Codec;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @BpfStruct
    public static final class Point {
        public int x;
        public int y;
    }

    @BpfStruct
    public static final class Padded {
        public byte tag;            // 0
        public long value;          // 8
        public char port;           // 16
        @Size(3)
        public byte[] mac = new byte[3]; // 18
        public Point point;         // 24 (aligned 4)
        public boolean flag;        // 32
        @Size(2)
        public Point[] pair;        // 36
    }                               // 52 → rounded to 56

    @BpfStruct(networkOrder = true)
    public static final class Wire {
        public char port;
        public int addr;
    }

    public static final class NotAStruct {
        public int x;
    }

    @BpfStruct
    public static final class BadField {
        public String name;
    }

    @BpfStruct
    public static final class MissingSize {
        public byte[] data;
    }

    @Test
    void scalarsRoundTripInHostOrder() {
        assertEquals(4, Codecs.INT.size());
        byte[] bytes = Codecs.toBytes(Codecs.INT, 0x01020304);
        assertEquals(0x01020304, ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt());
        assertEquals(-5L, Codecs.fromBytes(Codecs.LONG, Codecs.toBytes(Codecs.LONG, -5L), 0));
        assertEquals((short) -2, Codecs.fromBytes(Codecs.SHORT, Codecs.toBytes(Codecs.SHORT, (short) -2), 0));
        assertEquals((byte) 7, Codecs.fromBytes(Codecs.BYTE, Codecs.toBytes(Codecs.BYTE, (byte) 7), 0));
        assertEquals(Codecs.INT, Codecs.of(Integer.class));
    }

    @Test
    void characterIsAnUnsignedU16() {
        assertEquals(Codecs.CHAR, Codecs.of(Character.class));
        byte[] bytes = Codecs.toBytes(Codecs.CHAR, (char) 0xFFFE);
        assertEquals(0xFFFE, ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getChar());
        assertEquals((char) 0xFFFE, Codecs.fromBytes(Codecs.CHAR, bytes, 0));
    }

    @Test
    void byteArraysHaveAFixedSize() {
        Codec<byte[]> codec = Codecs.bytes(4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Codecs.fromBytes(codec, Codecs.toBytes(codec, new byte[] {1, 2, 3, 4}), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Codecs.toBytes(codec, new byte[3]));
        assertTrue(e.getMessage().contains("length 3"));
        assertThrows(IllegalArgumentException.class, () -> Codecs.bytes(0));
        assertThrows(IllegalArgumentException.class, () -> Codecs.of(byte[].class));
    }

    @Test
    void structLayoutFollowsCAlignmentRules() {
        StructLayout layout = StructLayout.of(Padded.class);
        assertEquals(0, layout.member("tag").offset());
        assertEquals(8, layout.member("value").offset());
        assertEquals(16, layout.member("port").offset());
        assertEquals(18, layout.member("mac").offset());
        assertEquals(24, layout.member("point").offset());
        assertEquals(32, layout.member("flag").offset());
        assertEquals(36, layout.member("pair").offset());
        assertEquals(16, layout.member("pair").size());
        assertEquals(56, layout.size());
        assertEquals(8, layout.alignment());
        assertEquals(8, StructLayout.of(Point.class).size());
    }

    @Test
    void structsRoundTripWithZeroPadding() {
        Padded value = new Padded();
        value.tag = -1;
        value.value = 0x1122334455667788L;
        value.port = 0xBEEF;
        value.mac = new byte[] {1, 2, 3};
        value.point = new Point();
        value.point.x = 10;
        value.point.y = -20;
        value.flag = true;
        value.pair = new Point[] {new Point(), new Point()};
        value.pair[1].y = 99;
        Codec<Padded> codec = Codecs.struct(Padded.class);
        ByteBuffer dirty = ByteBuffer.allocate(codec.size()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < codec.size(); i++) {
            dirty.put(i, (byte) 0x5A);
        }
        codec.encode(value, dirty);
        assertEquals(codec.size(), dirty.position());
        byte[] bytes = dirty.array();
        for (int pad = 1; pad < 8; pad++) {
            assertEquals(0, bytes[pad], "padding byte " + pad);
        }
        assertEquals(0, bytes[52], "trailing padding");
        Padded back = Codecs.fromBytes(codec, bytes, 0);
        assertEquals(value.tag, back.tag);
        assertEquals(value.value, back.value);
        assertEquals(value.port, back.port);
        assertArrayEquals(value.mac, back.mac);
        assertEquals(-20, back.point.y);
        assertTrue(back.flag);
        assertEquals(99, back.pair[1].y);
    }

    @Test
    void networkOrderStructsAreBigEndianInMemory() {
        Wire wire = new Wire();
        wire.port = 0x1F90; // 8080
        wire.addr = Ipv4.parse("10.0.0.1");
        byte[] bytes = Codecs.toBytes(Codecs.struct(Wire.class), wire);
        assertArrayEquals(new byte[] {0x1F, (byte) 0x90, 0, 0, 10, 0, 0, 1}, bytes);
        assertEquals(wire.addr, Codecs.fromBytes(Codecs.struct(Wire.class), bytes, 0).addr);
    }

    @Test
    void badStructsAreRejectedByName() {
        IllegalArgumentException notStruct = assertThrows(IllegalArgumentException.class,
                () -> Codecs.of(NotAStruct.class));
        assertTrue(notStruct.getMessage().contains("NotAStruct"));
        IllegalArgumentException badField = assertThrows(IllegalArgumentException.class,
                () -> StructLayout.of(BadField.class));
        assertTrue(badField.getMessage().contains("BadField.name"), badField.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> StructLayout.of(MissingSize.class));
        assertTrue(missing.getMessage().contains("@Size"), missing.getMessage());
        Padded wrongLength = new Padded();
        wrongLength.mac = new byte[5];
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Codecs.toBytes(Codecs.struct(Padded.class), wrongLength));
        assertTrue(length.getMessage().contains("Padded.mac"), length.getMessage());
    }
}
