package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bpf4j.lang.XdpAction.DROP;
import static org.bpf4j.lang.XdpAction.PASS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.spi.RecordReader;
import org.junit.jupiter.api.Test;

/** The firewall of DESIGN.md, written against this API and run on the JVM as the oracle does. */
class DesignExampleTest {
    static final class Firewall {
        @BpfMap(maxEntries = 65_536)
        static BpfHashMap<Integer, Long> blocked;

        @BpfMap(maxEntries = 256 * 1024)
        static BpfRingBuffer<DropEvent> drops;

        @BpfStruct
        public static final class DropEvent {
            public int saddr;
            public long timeNs;
        }

        @BpfProgram(type = ProgramType.XDP)
        static int filter(XdpContext ctx) {
            EthHdr eth = ctx.header(0, EthHdr.class);
            if (eth == null || eth.proto != EthHdr.P_IPV4) {
                return PASS;
            }
            Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
            if (ip == null) {
                return PASS;
            }
            if (!blocked.incrementIfPresent(ip.saddr)) {
                return PASS;
            }
            DropEvent e = drops.reserve();
            if (e != null) {
                e.saddr = ip.saddr;
                e.timeNs = Bpf.ktimeGetNs();
                drops.submit(e);
            }
            return DROP;
        }
    }

    @Test
    void firewallDropsBlockedSourcesAndReportsThem() {
        JvmPrograms.initMaps(Firewall.class);
        Firewall.blocked.put(Ipv4.parse("10.0.0.1"), 0L);
        byte[] fromBlocked = ContextsTest.tcpSyn();
        byte[] fromOther = ContextsTest.tcpSyn();
        fromOther[29] = 2; // saddr 10.0.0.2
        List<Firewall.DropEvent> events = new ArrayList<>();
        try (RecordReader reader = Firewall.drops.reader(events::add)) {
            assertEquals(DROP, JvmPrograms.run(Firewall::filter, XdpContext.of(fromBlocked)));
            assertEquals(DROP, JvmPrograms.run(Firewall::filter, XdpContext.of(fromBlocked)));
            assertEquals(PASS, JvmPrograms.run(Firewall::filter, XdpContext.of(fromOther)));
            assertEquals(PASS, JvmPrograms.run(Firewall::filter, XdpContext.of(new byte[10])));
            assertEquals(2, reader.poll(Duration.ofMillis(10)));
        }
        assertEquals(2L, Firewall.blocked.get(Ipv4.parse("10.0.0.1")));
        assertNull(Firewall.blocked.get(Ipv4.parse("10.0.0.2")));
        assertEquals("10.0.0.1", Ipv4.format(events.get(0).saddr));
        assertTrue(events.get(1).timeNs >= events.get(0).timeNs);
    }

    @Test
    void genericMapHelpersUseKernelErrorCodes() {
        BpfHashMap<Integer, Long> map = new BpfHashMap<>(Integer.class, Long.class, 1);
        assertEquals(0, Bpf.mapUpdateElem(map, 1, 5L, 0));
        assertEquals(-17, Bpf.mapUpdateElem(map, 1, 6L, UpdateFlag.NO_EXIST.value()));
        assertEquals(-2, Bpf.mapUpdateElem(map, 2, 6L, UpdateFlag.EXIST.value()));
        assertEquals(-7, Bpf.mapUpdateElem(map, 2, 6L, 0));
        assertEquals(5L, Bpf.mapLookupElem(map, 1));
        assertEquals(0, Bpf.mapDeleteElem(map, 1));
        assertEquals(-2, Bpf.mapDeleteElem(map, 1));
        BpfArrayMap<Long> array = new BpfArrayMap<>(Long.class, 2);
        assertEquals(-22, Bpf.mapDeleteElem(array, 0));
        assertEquals(-17, Bpf.mapUpdateElem(array, 0, 1L, UpdateFlag.NO_EXIST.value()));
        assertEquals(-7, Bpf.mapUpdateElem(array, 2, 1L, 0));
        assertEquals(0, Bpf.mapUpdateElem(array, 1, 3L, 0));
        assertEquals(3L, Bpf.mapLookupElem(array, 1));
    }
}
