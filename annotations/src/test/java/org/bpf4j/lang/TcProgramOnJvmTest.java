package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.junit.jupiter.api.Test;

/**
 * A tc program using most of the API (the same source compiles with the processor and passes
 * the verifier), run on the JVM: per-CPU scratch structs, LRU flows updated through live
 * values, an LPM rule looked up with a key built in BPF code, context writes and tail calls.
 */
class TcProgramOnJvmTest {
    static final class Program {
        @BpfStruct
        public static final class Stats {
            public long packets;
            public long bytes;
        }

        @BpfMap(maxEntries = 4)
        static BpfPerCpuArrayMap<Stats> stats;
        @BpfMap(maxEntries = 256)
        static BpfArrayMap<Long> protocols;
        @BpfMap(maxEntries = 128)
        static BpfLruHashMap<Integer, Stats> flows;
        @BpfMap(maxEntries = 64, flags = BpfMap.F_NO_PREALLOC)
        static BpfLpmTrieMap<LpmKey4, Integer> rules;
        @BpfMap(maxEntries = 4)
        static BpfProgArray jumps;

        @BpfProgram(type = ProgramType.TC)
        static int classify(SkBuffContext ctx) {
            if (ctx.protocol != EthHdr.P_IPV4) {
                return TcAction.OK;
            }
            Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);
            if (ip == null) {
                return TcAction.OK;
            }
            protocols.increment(ip.protocol & 0xFF);
            Stats s = stats.get(0);
            if (s != null) {
                s.packets++;
                s.bytes += ctx.len;
            }
            Stats f = flows.get(ip.saddr);
            if (f == null) {
                Stats fresh = new Stats();
                fresh.packets = 1;
                flows.put(ip.saddr, fresh, UpdateFlag.NO_EXIST);
            } else {
                f.packets++;
            }
            LpmKey4 key = new LpmKey4();
            key.prefixLen = 32;
            key.addr[0] = (byte) (ip.saddr >>> 24);
            key.addr[1] = (byte) (ip.saddr >>> 16);
            key.addr[2] = (byte) (ip.saddr >>> 8);
            key.addr[3] = (byte) ip.saddr;
            Integer verdict = rules.get(key);
            if (verdict != null && verdict == 1) {
                return TcAction.SHOT;
            }
            ctx.mark = 42;
            jumps.tailCall(ctx, 0);
            return ctx.u16(EthHdr.SIZE + Ipv4Hdr.SIZE + 2) == 53 ? TcAction.SHOT : TcAction.OK;
        }

        static int markOnly(SkBuffContext ctx) {
            ctx.mark = 7;
            return TcAction.PIPE;
        }
    }

    @Test
    void classifiesOnTheJvm() {
        JvmPrograms.initMaps(Program.class);
        Program.rules.put(LpmKey4.of("10.0.0.0/8"), 0);
        Program.rules.put(LpmKey4.of("10.0.0.1/32"), 1);
        byte[] syn = ContextsTest.tcpSyn(); // 10.0.0.1 → 192.168.1.100:80
        byte[] other = ContextsTest.tcpSyn();
        other[29] = 2; // from 10.0.0.2

        assertEquals(TcAction.SHOT, JvmPrograms.run(Program::classify, SkBuffContext.of(syn)));
        SkBuffContext second = SkBuffContext.of(other);
        assertEquals(TcAction.OK, JvmPrograms.run(Program::classify, second));
        assertEquals(42, second.mark);
        SkBuffContext third = SkBuffContext.of(other);
        assertEquals(TcAction.OK, JvmPrograms.run(Program::classify, third));

        assertEquals(3L, Program.protocols.get(IpProto.TCP));
        assertEquals(3, Program.stats.get(0).packets);
        assertEquals(3 * 54, Program.stats.get(0).bytes);
        assertEquals(1, Program.flows.get(Ipv4.parse("10.0.0.1")).packets);
        assertEquals(2, Program.flows.get(Ipv4.parse("10.0.0.2")).packets);
        assertNull(Program.flows.get(Ipv4.parse("10.0.0.3")));

        Program.jumps.set(0, Program::markOnly);
        SkBuffContext jumped = SkBuffContext.of(other);
        assertEquals(TcAction.PIPE, JvmPrograms.run(Program::classify, jumped));
        assertEquals(7, jumped.mark);
    }
}
