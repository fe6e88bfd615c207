package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.PacketAccess;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @CtxField} and {@code @PacketAccess} offset, every packet header offset and the
 * x86-64 {@code pt_regs} table, checked against the kernel UAPI headers compiled by gcc.
 */
class KernelLayoutTest {
    private static final Map<Class<?>, String> CONTEXT_STRUCTS = new LinkedHashMap<>();

    static {
        CONTEXT_STRUCTS.put(XdpContext.class, "xdp_md");
        CONTEXT_STRUCTS.put(SkBuffContext.class, "__sk_buff");
        CONTEXT_STRUCTS.put(SockAddrContext.class, "bpf_sock_addr");
        CONTEXT_STRUCTS.put(SockContext.class, "bpf_sock");
        CONTEXT_STRUCTS.put(SkMsgContext.class, "sk_msg_md");
        CONTEXT_STRUCTS.put(PerfEventContext.class, "bpf_perf_event_data");
    }

    @Test
    void contextFieldsMatchTheUapiStructs() throws Exception {
        StringBuilder body = new StringBuilder();
        List<String> checks = new ArrayList<>();
        for (var entry : CONTEXT_STRUCTS.entrySet()) {
            String struct = entry.getValue();
            for (Field field : entry.getKey().getDeclaredFields()) {
                CtxField ctx = field.getAnnotation(CtxField.class);
                if (ctx == null) {
                    continue;
                }
                String member = CProbe.snake(field.getName());
                String key = struct + "." + member;
                body.append(printOffsetAndSize(key, struct, member));
                checks.add(key);
            }
            PacketAccess packet = entry.getKey().getAnnotation(PacketAccess.class);
            if (packet != null) {
                body.append(printOffsetAndSize(struct + ".data", struct, "data"));
                body.append(printOffsetAndSize(struct + ".data_end", struct, "data_end"));
                if (packet.dataMeta() >= 0) {
                    body.append(printOffsetAndSize(struct + ".data_meta", struct, "data_meta"));
                }
            }
        }
        Map<String, Long> c = CProbe.run("#include <linux/bpf.h>\n#include <linux/bpf_perf_event.h>", body.toString());
        int checked = 0;
        for (var entry : CONTEXT_STRUCTS.entrySet()) {
            String struct = entry.getValue();
            for (Field field : entry.getKey().getDeclaredFields()) {
                CtxField ctx = field.getAnnotation(CtxField.class);
                if (ctx == null) {
                    continue;
                }
                String key = struct + "." + CProbe.snake(field.getName());
                assertEquals(c.get(key + ".offset"), (long) ctx.offset(), key + " offset");
                assertEquals(c.get(key + ".size"), (long) ctx.size() * ctx.count(), key + " size");
                assertJavaTypeFits(field, ctx);
                checked++;
            }
            PacketAccess packet = entry.getKey().getAnnotation(PacketAccess.class);
            if (packet != null) {
                assertEquals(c.get(struct + ".data.offset"), (long) packet.data(), struct + ".data");
                assertEquals(c.get(struct + ".data_end.offset"), (long) packet.dataEnd(), struct + ".data_end");
                assertEquals(c.get(struct + ".data.size"), (long) packet.width(), struct + ".data width");
                if (packet.dataMeta() >= 0) {
                    assertEquals(c.get(struct + ".data_meta.offset"), (long) packet.dataMeta(), struct + ".data_meta");
                }
            }
        }
        assertTrue(checked > 60, "checked only " + checked + " context fields");
    }

    private static void assertJavaTypeFits(Field field, CtxField ctx) {
        Class<?> type = field.getType().isArray() ? field.getType().getComponentType() : field.getType();
        assertEquals(ctx.count() > 1, field.getType().isArray(), field + ": arrays have count > 1");
        Class<?> expected = switch (ctx.order()) {
            case NET16 -> char.class;
            case NET32 -> int.class;
            case HOST -> switch (ctx.size()) {
                case 1 -> byte.class;
                case 2 -> char.class;
                case 4 -> int.class;
                default -> long.class;
            };
        };
        assertEquals(expected, type, field.toString());
    }

    @Test
    void packetHeadersMatchTheUapiHeaders() throws Exception {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("EthHdr.dest", "ethhdr.h_dest");
        members.put("EthHdr.source", "ethhdr.h_source");
        members.put("EthHdr.proto", "ethhdr.h_proto");
        members.put("Ipv4Hdr.tos", "iphdr.tos");
        members.put("Ipv4Hdr.totLen", "iphdr.tot_len");
        members.put("Ipv4Hdr.id", "iphdr.id");
        members.put("Ipv4Hdr.fragOff", "iphdr.frag_off");
        members.put("Ipv4Hdr.ttl", "iphdr.ttl");
        members.put("Ipv4Hdr.protocol", "iphdr.protocol");
        members.put("Ipv4Hdr.check", "iphdr.check");
        members.put("Ipv4Hdr.saddr", "iphdr.saddr");
        members.put("Ipv4Hdr.daddr", "iphdr.daddr");
        members.put("Ipv6Hdr.payloadLen", "ipv6hdr.payload_len");
        members.put("Ipv6Hdr.nexthdr", "ipv6hdr.nexthdr");
        members.put("Ipv6Hdr.hopLimit", "ipv6hdr.hop_limit");
        members.put("Ipv6Hdr.saddr", "ipv6hdr.saddr");
        members.put("Ipv6Hdr.daddr", "ipv6hdr.daddr");
        members.put("TcpHdr.source", "tcphdr.source");
        members.put("TcpHdr.dest", "tcphdr.dest");
        members.put("TcpHdr.seq", "tcphdr.seq");
        members.put("TcpHdr.ackSeq", "tcphdr.ack_seq");
        members.put("TcpHdr.window", "tcphdr.window");
        members.put("TcpHdr.check", "tcphdr.check");
        members.put("TcpHdr.urgPtr", "tcphdr.urg_ptr");
        members.put("UdpHdr.source", "udphdr.source");
        members.put("UdpHdr.dest", "udphdr.dest");
        members.put("UdpHdr.len", "udphdr.len");
        members.put("UdpHdr.check", "udphdr.check");
        members.put("IcmpHdr.type", "icmphdr.type");
        members.put("IcmpHdr.code", "icmphdr.code");
        members.put("IcmpHdr.checksum", "icmphdr.checksum");
        members.put("IcmpHdr.id", "icmphdr.un.echo.id");
        members.put("IcmpHdr.sequence", "icmphdr.un.echo.sequence");
        StringBuilder body = new StringBuilder();
        for (var entry : members.entrySet()) {
            String[] c = entry.getValue().split("\\.", 2);
            body.append(printOffsetAndSize(entry.getKey(), c[0], c[1]));
        }
        for (String struct : List.of("ethhdr", "iphdr", "ipv6hdr", "tcphdr", "udphdr", "icmphdr")) {
            body.append("printf(\"").append(struct).append(" %zu\\n\", sizeof(struct ").append(struct).append("));\n");
        }
        Map<String, Long> c = CProbe.run("#include <linux/if_ether.h>\n#include <linux/ip.h>\n#include <linux/ipv6.h>\n"
                + "#include <linux/tcp.h>\n#include <linux/udp.h>\n#include <linux/icmp.h>", body.toString());
        for (String key : members.keySet()) {
            String[] parts = key.split("\\.");
            StructLayout layout = StructLayout.of(Class.forName("org.bpf4j.lang." + parts[0]));
            StructLayout.Member member = layout.member(parts[1]);
            assertEquals(c.get(key + ".offset"), (long) member.offset(), key + " offset");
            assertEquals(c.get(key + ".size"), (long) member.size(), key + " size");
        }
        assertEquals(c.get("ethhdr"), (long) EthHdr.SIZE);
        assertEquals(c.get("iphdr"), (long) Ipv4Hdr.SIZE);
        assertEquals(c.get("ipv6hdr"), (long) Ipv6Hdr.SIZE);
        assertEquals(c.get("tcphdr"), (long) TcpHdr.SIZE);
        assertEquals(c.get("udphdr"), (long) UdpHdr.SIZE);
        assertEquals(c.get("icmphdr"), (long) IcmpHdr.SIZE);
        assertEquals(EthHdr.SIZE, StructLayout.of(EthHdr.class).size());
        assertEquals(Ipv4Hdr.SIZE, StructLayout.of(Ipv4Hdr.class).size());
        assertEquals(Ipv6Hdr.SIZE, StructLayout.of(Ipv6Hdr.class).size());
        assertEquals(TcpHdr.SIZE, StructLayout.of(TcpHdr.class).size());
        assertEquals(UdpHdr.SIZE, StructLayout.of(UdpHdr.class).size());
        assertEquals(IcmpHdr.SIZE, StructLayout.of(IcmpHdr.class).size());
        assertEquals(VlanHdr.SIZE, StructLayout.of(VlanHdr.class).size());
    }

    @Test
    void x86PtRegsTableMatchesAsmPtrace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PtRegsLayout.host() == PtRegsLayout.X86_64,
                "the uapi pt_regs of this machine is not x86-64's");
        String[] args = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};
        StringBuilder body = new StringBuilder();
        for (String reg : new String[] {"rdi", "rsi", "rdx", "rcx", "r8", "r9", "rax", "rip", "rsp"}) {
            body.append(printOffsetAndSize(reg, "pt_regs", reg));
        }
        body.append("printf(\"size %zu\\n\", sizeof(struct pt_regs));\n");
        Map<String, Long> c = CProbe.run("#include <asm/ptrace.h>", body.toString());
        PtRegsLayout x86 = PtRegsLayout.X86_64;
        for (int i = 0; i < args.length; i++) {
            assertEquals(c.get(args[i] + ".offset"), (long) x86.argOffset(i), "argument " + i);
        }
        assertEquals(c.get("rax.offset"), (long) x86.retOffset());
        assertEquals(c.get("rip.offset"), (long) x86.ipOffset());
        assertEquals(c.get("rsp.offset"), (long) x86.spOffset());
        assertEquals(c.get("size"), (long) x86.size());
    }

    private static String printOffsetAndSize(String key, String struct, String member) {
        return "printf(\"" + key + ".offset %zu\\n\", offsetof(struct " + struct + ", " + member + "));\n"
                + "printf(\"" + key + ".size %zu\\n\", sizeof(((struct " + struct + " *)0)->" + member + "));\n";
    }
}
