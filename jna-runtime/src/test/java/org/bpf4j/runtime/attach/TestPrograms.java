package org.bpf4j.runtime.attach;

import static org.bpf4j.backend.isa.Insn.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.backend.asm.Assembler;
import org.bpf4j.backend.asm.Label;
import org.bpf4j.backend.isa.AluOp;
import org.bpf4j.backend.isa.AtomicOp;
import org.bpf4j.backend.isa.Insn;
import org.bpf4j.backend.isa.JmpOp;
import org.bpf4j.backend.isa.Size;
import org.bpf4j.runtime.BpfProgram;
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

    /** Adds 1 to counter {@code slot}; clobbers r0-r5. */
    static void count(Assembler a, int mapFd, int slot) {
        Label done = a.newLabel();
        a.emit(st(Size.W, 10, -4, slot)).emit(mov64(2, 10)).emit(alu64Imm(AluOp.ADD, 2, -4))
                .emit(ldMapFd(1, mapFd)).emit(call(HELPER_MAP_LOOKUP)).jmpImm(JmpOp.JEQ, 0, 0, done)
                .emit(mov64Imm(1, 1)).emit(atomic(Size.DW, AtomicOp.ADD, 0, 1, 0)).bind(done);
    }

    /**
     * Counts IPv4 UDP packets to {@code port} (in slot 0) and returns {@code verdict} for them,
     * {@code otherwise} for the rest. {@code dataOff}/{@code dataEndOff} locate the packet
     * pointers in the context (XDP: 0/4, __sk_buff: 76/80).
     */
    static List<Insn> udpPortCounter(int dataOff, int dataEndOff, int port, int mapFd, int verdict, int otherwise) {
        Assembler a = new Assembler();
        Label other = a.newLabel();
        a.emit(ldx(Size.W, 2, 1, dataOff)).emit(ldx(Size.W, 3, 1, dataEndOff))
                .emit(mov64(4, 2)).emit(alu64Imm(AluOp.ADD, 4, 42)).jmp(JmpOp.JGT, 4, 3, other)
                .emit(ldx(Size.H, 5, 2, 12)).jmpImm(JmpOp.JNE, 5, 0x0008, other)       // ETH_P_IP
                .emit(ldx(Size.B, 5, 2, 23)).jmpImm(JmpOp.JNE, 5, 17, other)           // UDP
                .emit(ldx(Size.H, 5, 2, 36)).jmpImm(JmpOp.JNE, 5, networkOrder16(port), other);
        count(a, mapFd, 0);
        a.emit(mov64Imm(0, verdict)).emit(exit()).bind(other).emit(mov64Imm(0, otherwise)).emit(exit());
        return a.finish().insns();
    }

    /** Counts every run in slot 0 and returns {@code ret}. */
    static List<Insn> everyRun(int mapFd, int ret) {
        Assembler a = new Assembler();
        count(a, mapFd, 0);
        a.emit(mov64Imm(0, ret)).emit(exit());
        return a.finish().insns();
    }

    /** Puts the current process's tgid into a hash map; returns 0. */
    static List<Insn> recordPid(int mapFd) {
        return List.of(
                call(HELPER_GET_PID_TGID),
                alu64Imm(AluOp.RSH, 0, 32),
                stx(Size.W, 10, 0, -4),
                st(Size.DW, 10, -16, 1),
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
        Assembler a = new Assembler();
        Label out = a.newLabel();
        a.emit(mov64(6, 1)).emit(ldx(Size.W, 2, 6, 24))                                 // user_port
                .jmpImm(JmpOp.JNE, 2, networkOrder16(from), out)
                .emit(mov64Imm(3, networkOrder16(to))).emit(stx(Size.W, 6, 3, 24));
        count(a, mapFd, 0);
        a.bind(out).emit(mov64Imm(0, 1)).emit(exit());
        return a.finish().insns();
    }

    /** Socket filter: counts every packet, keeps those of at most {@code maxLen} bytes, drops the rest. */
    static List<Insn> dropLongerThan(int maxLen, int mapFd) {
        Assembler a = new Assembler();
        Label drop = a.newLabel();
        a.emit(ldx(Size.W, 6, 1, 0));                                                    // skb->len
        count(a, mapFd, 0);
        a.jmpImm(JmpOp.JGT, 6, maxLen, drop).emit(mov64Imm(0, -1)).emit(exit())
                .bind(drop).emit(mov64Imm(0, 0)).emit(exit());
        return a.finish().insns();
    }

    static BpfProgram load(String name, int type, List<Insn> code) {
        return BpfProgram.load(name, type, code);
    }

    /** Loads with an expected attach type, which cgroup sock_addr programs must name at load. */
    static BpfProgram load(String name, int type, int expectedAttachType, List<Insn> code) {
        return BpfProgram.load(ProgramImage.of(name, type, expectedAttachType, Insn.encode(code), "GPL"));
    }
}
