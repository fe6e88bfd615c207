package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.lang.Ipv4Hdr;
import org.bpf4j.lang.XdpContext;

/**
 * {@code Character} map keys and values (the language's u16), and {@code @Foldable} calls folded
 * in BPF code, in {@code static final} fields and in global initializers.
 */
public final class CharactersAndFolds {
    static final int GATEWAY = Ipv4.of(10, 9, 9, 9);
    static final int PRIVATE_16 = Ipv4.parse("192.168.0.0");
    static int server = Ipv4.parse("8.8.8.8");

    @BpfMap(maxEntries = 64)
    static BpfHashMap<Character, Character> successor;
    @BpfMap(maxEntries = 2)
    static BpfArrayMap<Character> last;

    /** Remembers, per u16 at offset 0, the u16 at offset 2; returns what it remembered before (0 if nothing). */
    @BpfProgram(type = ProgramType.XDP)
    static int characters(XdpContext ctx) {
        int a = ctx.u16(0);
        int b = ctx.u16(2);
        if (a < 0 || b < 0) {
            return 0;
        }
        char key = (char) a;
        Character before = successor.get(key);
        successor.put(key, (char) b);
        last.put(0, key);
        Character previous = last.get(1);
        int mix = previous == null ? 0 : previous >> 8;
        last.put(1, (char) (b + 0x8000));
        return before == null ? mix : before + (mix << 16);
    }

    /** Classifies the IPv4 destination against folded addresses. */
    @BpfProgram(type = ProgramType.XDP)
    static int addresses(XdpContext ctx) {
        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);
        if (ip == null) {
            return 0;
        }
        if (ip.daddr == Ipv4.parse("10.0.0.1")) {
            return 1;
        }
        if (ip.daddr == GATEWAY) {
            return 2;
        }
        if ((ip.daddr & 0xFFFF0000) == PRIVATE_16) {
            return 3;
        }
        if (ip.daddr == server) {
            return 4;
        }
        return ip.daddr == Ipv4.of(127, 0, 0, 1) ? 5 : 6;
    }
}
