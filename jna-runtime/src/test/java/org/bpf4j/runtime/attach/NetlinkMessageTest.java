package org.bpf4j.runtime.attach;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The byte layout of rtnetlink requests: header, family header, padded and nested attributes. */
class NetlinkMessageTest {

    @Test
    void setLinkXdpRequestHasTheKernelsLayout() {
        byte[] m = new NetlinkMessage(19, 0).ifinfo(7).begin(43).u32(1, 5).u32(3, 2).end().string(3, "ab").encode(99);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(m.length, b.getInt(0));
        assertEquals(19, b.getShort(4));
        assertEquals(NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK, b.getShort(6));
        assertEquals(99, b.getInt(8));
        assertEquals(7, b.getInt(16 + 4));                 // ifinfomsg.ifi_index
        int nest = 16 + 16;
        assertEquals(4 + 8 + 8, b.getShort(nest));           // nested IFLA_XDP holds two u32 attributes
        assertEquals(43 | NetlinkMessage.NLA_F_NESTED, Short.toUnsignedInt(b.getShort(nest + 2)));
        assertEquals(8, b.getShort(nest + 4));
        assertEquals(1, b.getShort(nest + 6));
        assertEquals(5, b.getInt(nest + 8));
        assertEquals(2, b.getInt(nest + 16));
        int str = nest + 20;
        assertEquals(4 + 3, b.getShort(str));                // "ab\0", then padded to 8
        assertEquals('a', m[str + 4]);
        assertEquals(0, m[str + 6]);
        assertEquals(str + 8, m.length);
    }

    @Test
    void tcmsgCarriesHandleParentAndInfo() {
        byte[] m = new NetlinkMessage(44, NetlinkMessage.NLM_F_CREATE).tcmsg(3, 1, 0xFFFFFFF2, 1 << 16 | 0x0300).encode(1);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16 + 20, m.length);
        assertEquals(3, b.getInt(20));
        assertEquals(1, b.getInt(24));
        assertEquals(0xFFFFFFF2, b.getInt(28));
        assertEquals(0x00010300, b.getInt(32));
    }

    @Test
    void unbalancedNestingIsRejected() {
        assertThrows(IllegalStateException.class, () -> new NetlinkMessage(19, 0).begin(43).encode(1));
        assertThrows(IllegalStateException.class, () -> new NetlinkMessage(19, 0).end());
    }
}
