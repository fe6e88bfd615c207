package org.bpf4j.it.emit;

import java.util.List;
import java.util.function.Supplier;
import org.bpf4j.compiler.ir.AtomicKind;
import org.bpf4j.compiler.ir.Block;
import org.bpf4j.compiler.ir.Cmp;
import org.bpf4j.compiler.ir.Constant;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Phi;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;

/**
 * The programs of {@code benchmarks/src/main/c/reference/*.bpf.c}, written by hand in IR the way the
 * front end lowers their Java ports: network-order fields read raw and byte-swapped, headers as
 * null-checked {@code ctx.header(offset, T)}, maps through lookups and atomics.
 */
final class ReferencePrograms {
    static final int HASH = 1, ARRAY = 2, PERCPU_ARRAY = 6, RINGBUF = 27;
    static final int XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, TC_ACT_OK = 0, TC_ACT_SHOT = 2;
    /** The {@code BPF_FUNC_*} numbers these programs call. */
    private static final int MAP_LOOKUP_ELEM = 1, KTIME_GET_NS = 5, GET_CURRENT_PID_TGID = 14, GET_CURRENT_UID_GID = 15,
            GET_CURRENT_COMM = 16, RINGBUF_RESERVE = 131, RINGBUF_SUBMIT = 132;
    private static final Value NO_PACKET = Constant.nullOf(Type.PACKET_OR_NULL);
    private static final Value NO_VALUE = Constant.nullOf(Type.MAP_VALUE_OR_NULL);

    record Program(String name, Supplier<Module> module) {}

    static List<Program> all() {
        return List.of(new Program("xdp_pass", ReferencePrograms::xdpPass),
                new Program("xdp_blocklist", ReferencePrograms::xdpBlocklist),
                new Program("xdp_proto_count", ReferencePrograms::xdpProtoCount),
                new Program("xdp_udp_echo", ReferencePrograms::xdpUdpEcho),
                new Program("xdp_ipv4_csum", ReferencePrograms::xdpIpv4Csum),
                new Program("tc_port_filter", ReferencePrograms::tcPortFilter),
                new Program("sock_connect4_redirect", ReferencePrograms::sockConnect4Redirect),
                new Program("tp_exec_events", ReferencePrograms::tpExecEvents));
    }

    private static SourcePos at(String file, int line, String text) {
        return new SourcePos(file, line, 5, text);
    }

    static Module xdpPass() {
        FunctionBuilder b = FunctionBuilder.program("xdp_pass", "xdp", Type.I32);
        b.at(at("XdpPass.java", 7, "return PASS;"));
        b.ret(Constant.i32(XDP_PASS));
        return new Module("GPL").addFunction(b.build());
    }

    /** {@code ctx.data}/{@code ctx.data_end} of an XDP (offsets 0, 4) or tc (76, 80) context. */
    private static Value[] packet(FunctionBuilder b, int dataOffset) {
        return new Value[] {b.ctxLoad(Type.PACKET, b.param(0), dataOffset, 4), b.ctxLoad(Type.PACKET_END, b.param(0), dataOffset + 4, 4)};
    }

    /** {@code T h = ctx.header(offset, T); if (h == null) goto fail;} leaves the builder in the non-null block. */
    private static Value header(FunctionBuilder b, Value[] pkt, Value offset, int size, Block fail) {
        Value h = b.packetHeader(pkt[0], offset, size, pkt[1]);
        Block ok = b.newBlock("hdr_ok");
        b.condBr(Cmp.EQ, h, NO_PACKET, fail, ok);
        b.setBlock(ok);
        return h;
    }

    /** {@code if (Short.reverseBytes(field) != value) goto fail;} on a 16-bit network-order field. */
    private static void expectNet16(FunctionBuilder b, Value ptr, int offset, int value, Block fail) {
        Value v = b.sext(b.bswap(b.load(Type.I32, ptr, offset, 2, false), 2), 2, Type.I32);
        Block ok = b.newBlock("match");
        b.condBr(Cmp.NE, v, Constant.i32((short) value), fail, ok);
        b.setBlock(ok);
    }

    private static Block returning(FunctionBuilder b, int value) {
        Block here = b.currentBlock();
        Block r = b.newBlock("ret" + value);
        b.setBlock(r);
        b.ret(Constant.i32(value));
        b.setBlock(here);
        return r;
    }

    static Module xdpBlocklist() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("blocked", HASH, DataType.U32, DataType.U64, 65536));
        String f = "XdpBlocklist.java";
        FunctionBuilder b = FunctionBuilder.program("xdp_blocklist", "xdp", Type.I32);
        Block pass = returning(b, XDP_PASS);
        b.at(at(f, 12, "EthHdr eth = ctx.header(0, EthHdr.class);"));
        Value[] pkt = packet(b, 0);
        Value eth = header(b, pkt, Constant.i64(0), 14, pass);
        b.at(at(f, 13, "if (eth.proto() != EthHdr.P_IPV4) return PASS;"));
        expectNet16(b, eth, 12, 0x0800, pass);
        b.at(at(f, 14, "Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);"));
        Value ip = header(b, pkt, Constant.i64(14), 20, pass);
        b.at(at(f, 16, "Long hits = blocked.get(ip.saddr);"));
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, b.load(Type.I32, ip, 12, 4, false));
        Value hits = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("blocked"), key);
        Block hit = b.newBlock("hit");
        b.condBr(Cmp.EQ, hits, NO_VALUE, pass, hit);
        b.setBlock(hit);
        b.at(at(f, 18, "blocked.increment(ip.saddr);"));
        b.atomic(AtomicKind.ADD, hits, 0, 8, Constant.i64(1), false);
        b.at(at(f, 19, "return DROP;"));
        b.ret(Constant.i32(XDP_DROP));
        return m.addFunction(b.build());
    }

    static Module xdpProtoCount() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("proto_count", PERCPU_ARRAY, DataType.U32, DataType.U64, 256));
        String f = "XdpProtoCount.java";
        FunctionBuilder b = FunctionBuilder.program("xdp_proto_count", "xdp", Type.I32);
        Block pass = returning(b, XDP_PASS);
        b.at(at(f, 12, "EthHdr eth = ctx.header(0, EthHdr.class);"));
        Value[] pkt = packet(b, 0);
        Value eth = header(b, pkt, Constant.i64(0), 14, pass);
        b.at(at(f, 14, "int type = Short.reverseBytes(eth.proto);"));
        Value type = b.sext(b.bswap(b.load(Type.I32, eth, 12, 2, false), 2), 2, Type.I32);
        Block v4 = b.newBlock("ipv4");
        Block notV4 = b.newBlock("not_ipv4");
        Block v6 = b.newBlock("ipv6");
        Block count = b.newBlock("count");
        b.condBr(Cmp.EQ, type, Constant.i32(0x0800), v4, notV4);
        b.setBlock(v4);
        b.at(at(f, 16, "Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);"));
        Value ip = header(b, pkt, Constant.i64(14), 20, pass);
        Value p4 = b.load(Type.I32, ip, 9, 1, false);
        Block fromV4 = b.currentBlock();
        b.br(count);
        b.setBlock(notV4);
        b.condBr(Cmp.EQ, type, Constant.i32((short) 0x86DD), v6, pass);
        b.setBlock(v6);
        b.at(at(f, 20, "Ipv6Hdr ip6 = ctx.header(EthHdr.SIZE, Ipv6Hdr.class);"));
        Value ip6 = header(b, pkt, Constant.i64(14), 40, pass);
        Value p6 = b.load(Type.I32, ip6, 6, 1, false);
        Block fromV6 = b.currentBlock();
        b.br(count);
        b.setBlock(count);
        b.at(at(f, 24, "protoCount.increment(proto);"));
        Phi proto = b.phi(Type.I32).addIncoming(fromV4, p4).addIncoming(fromV6, p6);
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, proto);
        Value v = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("proto_count"), key);
        Block found = b.newBlock("found");
        b.condBr(Cmp.EQ, v, NO_VALUE, pass, found);
        b.setBlock(found);
        b.store(v, 0, 8, b.add(b.load(Type.I64, v, 0, 8, false), Constant.i64(1)));
        b.br(pass);
        return m.addFunction(b.build());
    }

    static Module xdpUdpEcho() {
        String f = "XdpUdpEcho.java";
        FunctionBuilder b = FunctionBuilder.program("xdp_udp_echo", "xdp", Type.I32);
        Block pass = returning(b, XDP_PASS);
        b.at(at(f, 10, "EthHdr eth = ctx.header(0, EthHdr.class);"));
        Value[] pkt = packet(b, 0);
        Value eth = header(b, pkt, Constant.i64(0), 14, pass);
        expectNet16(b, eth, 12, 0x0800, pass);
        b.at(at(f, 12, "Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);"));
        Value ip = header(b, pkt, Constant.i64(14), 20, pass);
        b.at(at(f, 13, "if (ip.ihl() != 5 || ip.protocol != IPPROTO_UDP) return PASS;"));
        Value ihl = b.and(b.load(Type.I32, ip, 0, 1, false), Constant.i32(0x0f));
        Block ihlOk = b.newBlock("ihl_ok");
        b.condBr(Cmp.NE, ihl, Constant.i32(5), pass, ihlOk);
        b.setBlock(ihlOk);
        Block isUdp = b.newBlock("udp");
        b.condBr(Cmp.NE, b.load(Type.I32, ip, 9, 1, false), Constant.i32(17), pass, isUdp);
        b.setBlock(isUdp);
        b.at(at(f, 15, "UdpHdr udp = ctx.header(EthHdr.SIZE + Ipv4Hdr.SIZE, UdpHdr.class);"));
        Value udp = header(b, pkt, Constant.i64(34), 8, pass);
        b.at(at(f, 16, "if (udp.dest() != 7) return PASS;"));
        expectNet16(b, udp, 2, 7, pass);
        b.at(at(f, 17, "eth.swapMacs();"));
        Value dst4 = b.load(Type.I32, eth, 0, 4, false), dst2 = b.load(Type.I32, eth, 4, 2, false);
        Value src4 = b.load(Type.I32, eth, 6, 4, false), src2 = b.load(Type.I32, eth, 10, 2, false);
        b.store(eth, 0, 4, src4);
        b.store(eth, 4, 2, src2);
        b.store(eth, 6, 4, dst4);
        b.store(eth, 10, 2, dst2);
        b.at(at(f, 18, "int a = ip.saddr; ip.saddr = ip.daddr; ip.daddr = a;"));
        Value saddr = b.load(Type.I32, ip, 12, 4, false), daddr = b.load(Type.I32, ip, 16, 4, false);
        b.store(ip, 12, 4, daddr);
        b.store(ip, 16, 4, saddr);
        b.at(at(f, 19, "short p = udp.source; udp.source = udp.dest; udp.dest = p;"));
        Value sport = b.load(Type.I32, udp, 0, 2, false), dport = b.load(Type.I32, udp, 2, 2, false);
        b.store(udp, 0, 2, dport);
        b.store(udp, 2, 2, sport);
        b.at(at(f, 20, "udp.check = 0;"));
        b.store(udp, 6, 2, Constant.i32(0));
        b.at(at(f, 21, "return TX;"));
        b.ret(Constant.i32(XDP_TX));
        return new Module("GPL").addFunction(b.build());
    }

    static Module xdpIpv4Csum() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("csum_stats", ARRAY, DataType.U32, DataType.U64, 2));
        String f = "XdpIpv4Csum.java";
        FunctionBuilder b = FunctionBuilder.program("xdp_ipv4_csum", "xdp", Type.I32);
        Block pass = returning(b, XDP_PASS);
        Value[] pkt = packet(b, 0);
        b.at(at(f, 10, "EthHdr eth = ctx.header(0, EthHdr.class);"));
        Value eth = header(b, pkt, Constant.i64(0), 14, pass);
        expectNet16(b, eth, 12, 0x0800, pass);
        b.at(at(f, 12, "Ipv4Hdr ip = ctx.header(EthHdr.SIZE, Ipv4Hdr.class);"));
        Value ip = header(b, pkt, Constant.i64(14), 20, pass);
        Block pre = b.currentBlock();
        Block loop = b.newBlock("loop");
        Block done = b.newBlock("done");
        b.at(at(f, 14, "for (int i = 0; i < 10; i++) sum += ip.word(i);"));
        b.br(loop);
        b.setBlock(loop);
        Phi i = b.phi(Type.I32);
        Phi sum = b.phi(Type.I32);
        Value word = b.load(Type.I32, b.ptrAdd(ip, b.zext(b.shl(i, Constant.i32(1)), 4, Type.I64)), 0, 2, false);
        Value sum2 = b.add(sum, word);
        Value i2 = b.add(i, Constant.i32(1));
        Block latch = b.currentBlock();
        b.condBr(Cmp.SLT, i2, Constant.i32(10), loop, done);
        i.addIncoming(pre, Constant.i32(0)).addIncoming(latch, i2);
        sum.addIncoming(pre, Constant.i32(0)).addIncoming(latch, sum2);
        b.setBlock(done);
        b.at(at(f, 15, "sum = (sum & 0xffff) + (sum >>> 16);"));
        Value s1 = b.add(b.and(sum2, Constant.i32(0xffff)), b.lshr(sum2, Constant.i32(16)));
        Value s2 = b.add(b.and(s1, Constant.i32(0xffff)), b.lshr(s1, Constant.i32(16)));
        b.at(at(f, 17, "int k = sum == 0xffff ? 0 : 1;"));
        Block good = b.newBlock("good");
        Block bad = b.newBlock("bad");
        Block join = b.newBlock("join");
        b.condBr(Cmp.EQ, s2, Constant.i32(0xffff), good, bad);
        b.setBlock(good);
        b.br(join);
        b.setBlock(bad);
        b.br(join);
        b.setBlock(join);
        Phi k = b.phi(Type.I32).addIncoming(good, Constant.i32(0)).addIncoming(bad, Constant.i32(1));
        b.at(at(f, 18, "csumStats.increment(k);"));
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, k);
        Value c = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("csum_stats"), key);
        Block found = b.newBlock("found");
        Block ret = b.newBlock("ret");
        b.condBr(Cmp.EQ, c, NO_VALUE, ret, found);
        b.setBlock(found);
        b.atomic(AtomicKind.ADD, c, 0, 8, Constant.i64(1), false);
        b.br(ret);
        b.setBlock(ret);
        b.at(at(f, 19, "return k == 0 ? PASS : DROP;"));
        Block drop = returning(b, XDP_DROP);
        b.condBr(Cmp.EQ, k, Constant.i32(0), pass, drop);
        return m.addFunction(b.build());
    }

    static Module tcPortFilter() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("denied_ports", ARRAY, DataType.U32, DataType.U8, 65536));
        String f = "TcPortFilter.java";
        FunctionBuilder b = FunctionBuilder.program("tc_port_filter", "tc", Type.I32);
        Block ok = returning(b, TC_ACT_OK);
        b.at(at(f, 10, "EthHdr eth = skb.header(0, EthHdr.class);"));
        Value[] pkt = packet(b, 76);
        Value eth = header(b, pkt, Constant.i64(0), 14, ok);
        expectNet16(b, eth, 12, 0x0800, ok);
        b.at(at(f, 12, "Ipv4Hdr ip = skb.header(EthHdr.SIZE, Ipv4Hdr.class);"));
        Value ip = header(b, pkt, Constant.i64(14), 20, ok);
        Block tcp = b.newBlock("is_tcp");
        b.condBr(Cmp.NE, b.load(Type.I32, ip, 9, 1, false), Constant.i32(6), ok, tcp);
        b.setBlock(tcp);
        b.at(at(f, 15, "TcpHdr tcp = skb.header(EthHdr.SIZE + ip.ihl() * 4, TcpHdr.class);"));
        Value ihl = b.and(b.load(Type.I32, ip, 0, 1, false), Constant.i32(0x0f));
        Value off = b.add(Constant.i32(14), b.shl(ihl, Constant.i32(2)));
        Value th = header(b, pkt, b.zext(off, 4, Type.I64), 20, ok);
        b.at(at(f, 16, "int port = Short.toUnsignedInt(Short.reverseBytes(tcp.dest));"));
        Value port = b.zext(b.bswap(b.load(Type.I32, th, 2, 2, false), 2), 2, Type.I32);
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, port);
        b.at(at(f, 17, "if (deniedPorts.get(port) != 0) return SHOT;"));
        Value deny = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("denied_ports"), key);
        Block found = b.newBlock("found");
        b.condBr(Cmp.EQ, deny, NO_VALUE, ok, found);
        b.setBlock(found);
        Block shot = returning(b, TC_ACT_SHOT);
        b.condBr(Cmp.NE, b.load(Type.I32, deny, 0, 1, false), Constant.i32(0), shot, ok);
        return m.addFunction(b.build());
    }

    static Module sockConnect4Redirect() {
        Module m = new Module("GPL");
        m.addMap(MapDecl.of("redirects", ARRAY, DataType.U32, DataType.U64, 1));
        String f = "SockConnect4Redirect.java";
        FunctionBuilder b = FunctionBuilder.program("sock_connect4_redirect", "cgroup/connect4", Type.I32);
        Block allow = returning(b, 1);
        Value ctx = b.param(0);
        b.at(at(f, 10, "if (ctx.userIp4() != Ipv4.of(10, 0, 0, 1) || ctx.userPort() != 80) return ALLOW;"));
        Value ip = b.bswap(b.ctxLoad(Type.I32, ctx, 4, 4), 4);
        Block portCheck = b.newBlock("port");
        b.condBr(Cmp.NE, ip, Constant.i32(0x0a000001), allow, portCheck);
        b.setBlock(portCheck);
        Value port = b.bswap(b.ctxLoad(Type.I32, ctx, 24, 2), 2);
        Block redirect = b.newBlock("redirect");
        b.condBr(Cmp.NE, port, Constant.i32(80), allow, redirect);
        b.setBlock(redirect);
        b.at(at(f, 11, "ctx.userIp4(Ipv4.of(127, 0, 0, 1));"));
        b.ctxStore(ctx, 4, 4, b.bswap(Constant.i32(0x7f000001), 4));
        b.at(at(f, 12, "ctx.userPort(8080);"));
        b.ctxStore(ctx, 24, 4, b.bswap(Constant.i32(8080), 2));
        b.at(at(f, 13, "redirects.increment(0);"));
        Value key = b.stackAlloc(4, false);
        b.store(key, 0, 4, Constant.i32(0));
        Value c = b.mapLookup(MAP_LOOKUP_ELEM, b.mapAddr("redirects"), key);
        Block found = b.newBlock("found");
        b.condBr(Cmp.EQ, c, NO_VALUE, allow, found);
        b.setBlock(found);
        b.atomic(AtomicKind.ADD, c, 0, 8, Constant.i64(1), false);
        b.br(allow);
        return m.addFunction(b.build());
    }

    static Module tpExecEvents() {
        Module m = new Module("GPL");
        m.addMap(new MapDecl("events", RINGBUF, 0, 0, 256 * 1024, 0, 0, null, null));
        m.addStruct(new DataType.Struct("event", 32, List.of(new DataType.Member("pid", DataType.U32, 0),
                new DataType.Member("uid", DataType.U32, 4), new DataType.Member("ts", DataType.U64, 8),
                new DataType.Member("comm", new DataType.Array(DataType.S8, 16), 16))));
        String f = "TpExecEvents.java";
        FunctionBuilder b = FunctionBuilder.program("tp_exec_events", "tracepoint/sched/sched_process_exec", Type.I32);
        b.at(at(f, 10, "Event e = events.reserve();"));
        Value e = b.helperCall(RINGBUF_RESERVE, Type.MEM_OR_NULL, b.mapAddr("events"), Constant.i64(32), Constant.i64(0));
        Block done = returning(b, 0);
        Block fill = b.newBlock("fill");
        b.condBr(Cmp.EQ, e, Constant.nullOf(Type.MEM_OR_NULL), done, fill);
        b.setBlock(fill);
        b.at(at(f, 12, "e.pid = (int) (Bpf.getCurrentPidTgid() >>> 32);"));
        b.store(e, 0, 4, b.trunc(b.lshr(b.helperCall(GET_CURRENT_PID_TGID, Type.I64), Constant.i64(32))));
        b.at(at(f, 13, "e.uid = (int) Bpf.getCurrentUidGid();"));
        b.store(e, 4, 4, b.trunc(b.helperCall(GET_CURRENT_UID_GID, Type.I64)));
        b.at(at(f, 14, "e.ts = Bpf.ktimeGetNs();"));
        b.store(e, 8, 8, b.helperCall(KTIME_GET_NS, Type.I64));
        b.at(at(f, 15, "Bpf.getCurrentComm(e.comm);"));
        b.helperCall(GET_CURRENT_COMM, Type.I64, b.ptrAdd(e, Constant.i64(16)), Constant.i64(16));
        b.at(at(f, 16, "events.submit(e);"));
        b.helperCall(RINGBUF_SUBMIT, Type.VOID, e, Constant.i64(0));
        b.br(done);
        return m.addFunction(b.build());
    }

}
