package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.Size;
import org.junit.jupiter.api.Test;

/** Contexts over byte arrays and packet headers read as host values. */
class ContextsTest {
    /** Ethernet + IPv4 (10.0.0.1 → 192.168.1.100, TCP, ttl 64) + TCP 1234 → 80 SYN. */
    static byte[] tcpSyn() {
        ByteBuffer b = ByteBuffer.allocate(54);
        b.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0x1234).putShort((short) 0x4000);
        b.put((byte) 64).put((byte) 6).putShort((short) 0xABCD).putInt(0x0A000001).putInt(0xC0A80164);
        b.putShort((short) 1234).putShort((short) 80).putInt(0x80000001).putInt(0);
        b.put((byte) 0x50).put((byte) TcpHdr.SYN).putShort((short) 0xFFFF).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    /** The program of DESIGN.md's example, minus maps: decodes and rewrites headers. */
    static int decrementTtlOfTcp(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        if (eth == null || eth.proto != EthHdr.P_IPV4) {
            return XdpAction.PASS;
        }
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        if (ip == null || ip.protocol != IpProto.TCP) {
            return XdpAction.PASS;
        }
        TcpHdr tcp = ctx.header(EthHdr.SIZE + ip.ihl() * 4, TcpHdr.class);
        if (tcp == null || !tcp.syn()) {
            return XdpAction.DROP;
        }
        ip.ttl--;
        tcp.dest = 8080;
        return XdpAction.TX;
    }

    @Test
    void headersDecodeNetworkOrderAsHostValues() {
        XdpContext ctx = XdpContext.of(tcpSyn());
        EthHdr eth = ctx.header(0, EthHdr.class);
        assertEquals(EthHdr.P_IPV4, eth.proto);
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 2}, eth.dest);
        Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
        assertEquals(4, ip.version());
        assertEquals(5, ip.ihl());
        assertEquals(40, ip.totLen);
        assertEquals(Ipv4.parse("10.0.0.1"), ip.saddr);
        assertEquals("192.168.1.100", Ipv4.format(ip.daddr));
        assertFalse(ip.isFragment());
        assertEquals(IpProto.TCP, ip.protocol);
        TcpHdr tcp = ctx.header(34, TcpHdr.class);
        assertEquals(1234, tcp.source);
        assertEquals(80, tcp.dest);
        assertEquals(0x80000001, tcp.seq);
        assertEquals(5, tcp.doff());
        assertTrue(tcp.syn());
        assertFalse(tcp.ack());
        assertNull(ctx.header(40, TcpHdr.class), "20 bytes from offset 40 pass the end of 54");
        assertNull(ctx.header(-1, EthHdr.class));
    }

    @Test
    void headerWritesReachThePacket() {
        XdpContext ctx = XdpContext.of(tcpSyn());
        assertEquals(XdpAction.TX, decrementTtlOfTcp(ctx));
        byte[] out = ctx.packet();
        assertEquals(63, out[22]);
        assertEquals(8080, (out[36] & 0xFF) << 8 | out[37] & 0xFF);
        byte[] expected = tcpSyn();
        expected[22] = 63;
        expected[36] = (byte) (8080 >> 8);
        expected[37] = (byte) 8080;
        assertArrayEquals(expected, out, "nothing else changed");
        assertEquals(XdpAction.DROP, decrementTtlOfTcp(XdpContext.of(java.util.Arrays.copyOf(tcpSyn(), 40))));
    }

    @Test
    void rawPacketAccessIsChecked() {
        XdpContext ctx = XdpContext.of(tcpSyn());
        assertEquals(54, ctx.length());
        assertEquals(0x45, ctx.u8(14));
        assertEquals(0x0800, ctx.u16(12));
        assertEquals(0xC0A80164L, ctx.u32(30));
        assertEquals(-1, ctx.u8(54));
        assertEquals(-1, ctx.u16(53));
        assertEquals(-1, ctx.u32(51));
        assertEquals(-1, ctx.u8(-1));
        assertTrue(ctx.storeU16(12, 0x86DD));
        assertFalse(ctx.storeU32(52, 1));
        assertEquals(EthHdr.P_IPV6, ctx.header(0, EthHdr.class).proto);
        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);
        ctx.storeU8(22, 1); // a raw store after the header was read: the untouched header keeps it
        assertEquals(1, ctx.u8(22));
        ip.tos = 4;
        assertEquals(1, ctx.packet()[22]);
        assertEquals(4, ctx.packet()[15]);
    }

    @BpfStruct
    public static final class Padded {
        public byte tag;        // 3 padding bytes follow
        public int value;
        public boolean flag;    // 3 padding bytes follow
    }

    @Test
    void onlyAssignedFieldsAreWrittenBack() {
        byte[] bytes = {1, 9, 9, 9, 0, 0, 0, 0, 2, 7, 7, 7};
        XdpContext ctx = XdpContext.of(bytes);
        Padded p = ctx.header(0, Padded.class);
        assertTrue(p.flag, "a boolean byte other than 0 reads true");
        p.value = 5;
        byte[] expected = bytes.clone();
        ByteBuffer.wrap(expected).order(ByteOrder.nativeOrder()).putInt(4, 5);
        assertArrayEquals(expected, ctx.packet(), "padding and the boolean's byte 2 are left as they were");
        p.flag = false;
        expected[8] = 0;
        assertArrayEquals(expected, ctx.packet());
        p.flag = true;
        expected[8] = 1;
        assertArrayEquals(expected, ctx.packet());
    }

    @Test
    void xdpHelpersMoveThePacketOnTheJvm() {
        XdpContext ctx = XdpContext.of(tcpSyn());
        assertEquals(0, Bpf.xdpAdjustHead(ctx, -4));
        assertEquals(58, ctx.length());
        assertEquals(252, ctx.headroom());
        assertEquals(0, ctx.u8(0));
        assertEquals(0, Bpf.xdpAdjustHead(ctx, 4));
        assertArrayEquals(tcpSyn(), ctx.packet());
        assertEquals(-22, Bpf.xdpAdjustHead(ctx, -217), "40 of the 256 bytes of headroom hold struct xdp_frame");
        assertEquals(-22, Bpf.xdpAdjustHead(ctx, 50), "fewer than 14 bytes would remain");
        assertEquals(0, Bpf.xdpAdjustTail(ctx, -10));
        assertEquals(44, Bpf.xdpGetBuffLen(ctx));
        assertEquals(-22, Bpf.xdpAdjustTail(ctx, 4096));
        byte[] macs = new byte[12];
        assertEquals(0, Bpf.xdpLoadBytes(ctx, 0, macs));
        assertEquals(2, macs[0]);
        Ipv4Hdr ip = new Ipv4Hdr();
        assertEquals(0, Bpf.xdpLoadBytes(ctx, 14, ip));
        assertEquals(64, ip.ttl);
        ip.ttl = 1;
        assertEquals(0, Bpf.xdpStoreBytes(ctx, 14, ip));
        assertEquals(1, ctx.u8(22));
        byte[] kept = {9, 9, 9, 9, 9, 9, 9, 9};
        assertEquals(-22, Bpf.xdpLoadBytes(ctx, 40, kept));
        assertEquals(9, kept[0], "XDP leaves the buffer alone on failure");
    }

    @Test
    void skBuffContextTakesLengthAndProtocolFromTheFrame() {
        SkBuffContext skb = SkBuffContext.of(tcpSyn());
        assertEquals(54, skb.len);
        assertEquals(EthHdr.P_IPV4, skb.protocol);
        byte[] ports = new byte[4];
        assertEquals(0, Bpf.skbLoadBytes(skb, 34, ports));
        assertEquals(80, ports[3]);
        assertEquals(0, Bpf.skbStoreBytes(skb, 34, new byte[] {0, 1}, 0));
        assertEquals(1, skb.header(34, TcpHdr.class).source);
        byte[] zeroed = {9, 9, 9, 9, 9, 9, 9, 9};
        assertEquals(-14, Bpf.skbLoadBytes(skb, 50, zeroed));
        assertEquals(0, zeroed[0], "skb loads zero the buffer on failure");
    }

    @BpfStruct
    public static final class ExecRecord {
        public long common;
        public int filenameLoc;
        public int pid;
        public int oldPid;
    }

    @Test
    void tracepointRecordsReadByOffsetAndAsStructs() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.putShort((short) 321).put((byte) 1).put((byte) 2).putInt(4242).putInt(0x00100014).putInt(77).putInt(76);
        TracepointContext ctx = TracepointContext.of(b.array());
        assertEquals(77L, ctx.u32(12));
        assertEquals(0xFFFFFFF0L, TracepointContext.of(b.putInt(16, -16).array()).u32(16), "unsigned, as on packets");
        assertEquals(0x14, ctx.u16(8));
        assertEquals(0x10, ctx.u8(10));
        IllegalArgumentException common = assertThrows(IllegalArgumentException.class, () -> ctx.u32(4));
        assertTrue(common.getMessage().contains("common fields"), common.getMessage());
        IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class, () -> ctx.u32(10));
        assertTrue(misaligned.getMessage().contains("misaligned"), misaligned.getMessage());
        ExecRecord record = ctx.record(ExecRecord.class);
        assertEquals(77, record.pid);
        assertEquals(76, record.oldPid);
        assertThrows(IllegalArgumentException.class, () -> ctx.u64(16));
        assertThrows(IllegalArgumentException.class, () -> TracepointContext.of(new byte[4]));
    }

    @BpfStruct
    public static final class TooBig {
        @Size(64)
        public byte[] data;
    }

    @Test
    void argumentContexts() {
        PtRegs regs = PtRegs.of(1, 2, 3);
        assertEquals(3, regs.arg(2));
        assertThrows(IllegalArgumentException.class, () -> regs.arg(3));
        assertEquals(-5, PtRegs.returning(-5).ret());
        assertEquals(9, RawTracepointContext.of(8, 9).arg(1));
        assertEquals(112, PtRegsLayout.X86_64.argOffset(0));
        assertEquals(PtRegsLayout.ARM64, PtRegsLayout.forArch("aarch64"));
        assertThrows(IllegalArgumentException.class, () -> PtRegsLayout.forArch("sparc"));
        assertThrows(IllegalArgumentException.class, () -> PtRegsLayout.X86_64.argOffset(6));
        assertThrows(IllegalArgumentException.class, () -> TracepointContext.of(new byte[8]).record(TooBig.class));
    }

    @Test
    void tcp4IsWhatTheKernelPassesAConnectOverIpv4() {
        SockAddrContext ctx = SockAddrContext.tcp4(Ipv4.parse("127.0.0.1"), 8080);
        assertEquals(2, ctx.userFamily, "AF_INET");
        assertEquals(2, ctx.family, "AF_INET");
        assertEquals(1, ctx.type, "SOCK_STREAM");
        assertEquals(IpProto.TCP, ctx.protocol);
        assertEquals(0x7F000001, ctx.userIp4, "a host value, not network order");
        assertEquals(8080, ctx.userPort, "a host value, not network order");
        assertArrayEquals(new int[4], ctx.userIp6, "no IPv6 address");
        assertEquals(0, ctx.msgSrcIp4, "no sendmsg source");
    }

    /** The contexts whose JVM fields stand for the kernel's {@code @CtxField}s. */
    private static List<Object> fieldContexts() {
        return List.of(new SockAddrContext(), new SockContext(), SkBuffContext.of(tcpSyn()), new SkMsgContext(new byte[8]));
    }

    @Test
    void everyArrayFieldHasTheKernelArraysLength() throws IllegalAccessException {
        int arrays = 0;
        for (Object ctx : fieldContexts()) {
            for (Field field : ctx.getClass().getFields()) {
                CtxField kernel = field.getAnnotation(CtxField.class);
                if (kernel == null || kernel.count() == 1) {
                    continue;
                }
                arrays++;
                assertEquals(kernel.count(), Array.getLength(field.get(ctx)), ctx.getClass().getSimpleName() + "." + field.getName());
            }
        }
        assertEquals(9, arrays, "userIp6, msgSrcIp6; srcIp6, dstIp6 of sock and of sk_msg; cb, remoteIp6, localIp6");
    }

    @Test
    void noTwoContextFieldsOverlap() {
        for (Object ctx : fieldContexts()) {
            List<Field> fields = Stream.of(ctx.getClass().getFields()).filter(f -> f.isAnnotationPresent(CtxField.class))
                    .sorted(Comparator.comparingInt(f -> f.getAnnotation(CtxField.class).offset())).toList();
            for (int i = 1; i < fields.size(); i++) {
                CtxField before = fields.get(i - 1).getAnnotation(CtxField.class);
                int end = before.offset() + before.size() * before.count();
                assertTrue(end <= fields.get(i).getAnnotation(CtxField.class).offset(), ctx.getClass().getSimpleName() + "."
                        + fields.get(i - 1).getName() + " runs into " + fields.get(i).getName());
            }
        }
    }

    @Test
    void ipv4AddressesParseAndFormat() {
        assertEquals(0xC0A80164, Ipv4.parse("192.168.1.100"));
        assertEquals(Ipv4.parse("192.168.1.100"), Ipv4.of(192, 168, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.of(256, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.of(1, -1, 0, 1));
        assertEquals("255.0.0.1", Ipv4.format(Ipv4.parse("255.0.0.1")));
        for (String bad : new String[] {"1.2.3", "1.2.3.256", "a.b.c.d", "1..2.3", "1.2.3.4.5", "", "-1.2.3.4"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void socketFilterContextStartsAtTheNetworkHeader() {
        byte[] frame = new byte[34];
        frame[12] = 0x08;
        frame[14] = 0x45;
        SkBuffContext ctx = SkBuffContext.atNetworkHeader(frame);
        assertEquals(20, ctx.len);
        assertEquals(0x0800, ctx.protocol);
        assertEquals(0x45, ctx.u8(0));
        assertEquals(0x45, SkBuffContext.of(frame).u8(14));
        assertThrows(IllegalArgumentException.class, () -> SkBuffContext.atNetworkHeader(new byte[13]));
    }
}
