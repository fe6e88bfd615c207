package org.bpf4j.runtime.attach;

import static org.bpf4j.object.isa.Insn.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Width;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.load.ProgramImage;
import org.bpf4j.runtime.map.KernelMap;

/** Small hand-assembled programs that record what they see in a map, for the attach tests. */
final class TestPrograms {
    static final int SOCKET_FILTER = 1, KPROBE = 2, SCHED_CLS = 3, TRACEPOINT = 5, XDP = 6, PERF_EVENT = 7,
            CGROUP_SKB = 8, CGROUP_SOCK = 9,
            CGROUP_SOCK_ADDR = 18, RAW_TRACEPOINT = 17, TRACING = 26, LSM = 29, SK_LOOKUP = 30;
    static final int XDP_DROP = 1, XDP_PASS = 2, TC_ACT_OK = 0, TC_ACT_SHOT = 2;
    private static final int HELPER_MAP_LOOKUP = 1, HELPER_MAP_UPDATE = 2, HELPER_GET_PID_TGID = 14;

    private TestPrograms() {}

    /** An array map of {@code slots} u64 counters. */
    static KernelMap counters(String name, int slots) {
        return KernelMap.create(name, MapKind.ARRAY, 4, 8, slots, 0);
    }

    static long counter(KernelMap map, int slot) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(slot).array();
        return ByteBuffer.wrap(map.lookup(key)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A hash map from u32 (a tgid) to u64. */
    static KernelMap pidSet(String name) {
        return KernelMap.create(name, MapKind.HASH, 4, 8, 16384, 0);
    }

    static boolean containsPid(KernelMap map, long pid) {
        return map.lookup(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) pid).array()) != null;
    }

    /** The u16 as a little-endian load of its network-order bytes gives it. */
    static int networkOrder16(int port) {
        return ((port & 0xff) << 8) | (port >>> 8);
    }

    /** Adds 1 to counter {@code slot}; clobbers r0-r5. {@value #COUNT_SLOTS} slots long. */
    static List<Insn> count(int mapFd, int slot) {
        return List.of(st(Width.W, 10, -4, slot), mov64(2, 10), alu64Imm(AluOp.ADD, 2, -4),
                ldMapFd(1, mapFd), call(HELPER_MAP_LOOKUP), jmpImm(JmpOp.JEQ, 0, 0, 2),
                mov64Imm(1, 1), atomic(Width.DW, AtomicOp.ADD, 0, 1, 0));
    }

    private static final int COUNT_SLOTS = 9;

    /** The instructions and blocks in order; jump offsets below count 8-byte slots by hand. */
    @SafeVarargs
    private static List<Insn> code(List<Insn>... parts) {
        List<Insn> all = new ArrayList<>();
        for (List<Insn> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    /**
     * Counts IPv4 UDP packets to {@code port} (in slot 0) and returns {@code verdict} for them,
     * {@code otherwise} for the rest. {@code dataOff}/{@code dataEndOff} locate the packet
     * pointers in the context (XDP: 0/4, __sk_buff: 76/80).
     */
    static List<Insn> udpPortCounter(int dataOff, int dataEndOff, int port, int mapFd, int verdict, int otherwise) {
        int toOther = COUNT_SLOTS + 2;                                                 // from the last test
        return code(List.of(ldx(Width.W, 2, 1, dataOff), ldx(Width.W, 3, 1, dataEndOff),
                        mov64(4, 2), alu64Imm(AluOp.ADD, 4, 42), jmp(JmpOp.JGT, 4, 3, toOther + 6),
                        ldx(Width.H, 5, 2, 12), jmpImm(JmpOp.JNE, 5, 0x0008, toOther + 4),      // ETH_P_IP
                        ldx(Width.B, 5, 2, 23), jmpImm(JmpOp.JNE, 5, 17, toOther + 2),          // UDP
                        ldx(Width.H, 5, 2, 36), jmpImm(JmpOp.JNE, 5, networkOrder16(port), toOther)),
                count(mapFd, 0),
                List.of(mov64Imm(0, verdict), exit()),
                List.of(mov64Imm(0, otherwise), exit()));                               // other
    }

    /** Counts every run in slot 0 and returns {@code ret}. */
    static List<Insn> everyRun(int mapFd, int ret) {
        return code(count(mapFd, 0), List.of(mov64Imm(0, ret), exit()));
    }

    /** Puts the current process's tgid into a hash map; returns 0. */
    static List<Insn> recordPid(int mapFd) {
        return List.of(
                call(HELPER_GET_PID_TGID),
                alu64Imm(AluOp.RSH, 0, 32),
                stx(Width.W, 10, 0, -4),
                st(Width.DW, 10, -16, 1),
                ldMapFd(1, mapFd),
                mov64(2, 10), alu64Imm(AluOp.ADD, 2, -4),
                mov64(3, 10), alu64Imm(AluOp.ADD, 3, -16),
                mov64Imm(4, 0),
                call(HELPER_MAP_UPDATE),
                mov64Imm(0, 0),
                exit());
    }

    /** cgroup/connect4: rewrites a connect to port {@code from} into one to {@code to}, counting rewrites. */
    static List<Insn> redirectConnect(int from, int to, int mapFd) {
        return code(List.of(mov64(6, 1), ldx(Width.W, 2, 6, 24),                        // user_port
                        jmpImm(JmpOp.JNE, 2, networkOrder16(from), 2 + COUNT_SLOTS),
                        mov64Imm(3, networkOrder16(to)), stx(Width.W, 6, 3, 24)),
                count(mapFd, 0),
                List.of(mov64Imm(0, 1), exit()));                                       // out
    }

    /** Socket filter: counts every packet, keeps those of at most {@code maxLen} bytes, drops the rest. */
    static List<Insn> dropLongerThan(int maxLen, int mapFd) {
        return code(List.of(ldx(Width.W, 6, 1, 0)),                                       // skb->len
                count(mapFd, 0),
                List.of(jmpImm(JmpOp.JGT, 6, maxLen, 2), mov64Imm(0, -1), exit(),
                        mov64Imm(0, 0), exit()));                                       // drop
    }

    static LoadedProgram load(String name, int type, List<Insn> code) {
        return load(name, type, 0, code);
    }

    /** Loads with an expected attach type, which cgroup sock_addr programs must name at load. */
    static LoadedProgram load(String name, int type, int expectedAttachType, List<Insn> code) {
        return LoadedProgram.load(ProgramImage.of(name, type, expectedAttachType, Insn.encode(code), "GPL"));
    }
}
