package org.bpf4j.runtime;

import static org.bpf4j.object.isa.Insn.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.isa.AluOp;
import org.bpf4j.object.isa.AtomicOp;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.Width;
import org.bpf4j.runtime.load.ProgramImage;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class BpfProgramTest {
    /** Loads hand-built instructions as a GPL program of kernel type {@code progType}. */
    private static LoadedProgram loadInsns(String name, int progType, List<Insn> insns) {
        return LoadedProgram.load(ProgramImage.of(name, progType, 0, Insn.encode(insns), "GPL"));
    }

    static final int XDP = 6, SOCKET_FILTER = 1, XDP_PASS = 2, XDP_TX = 3;

    static byte[] udpPacket() {
        return new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(12345, 7).payload(new byte[18]).build();
    }

    /** Counts packets in slot 0 of an array map, returns XDP_PASS. */
    static List<Insn> counter(int mapFd) {
        return List.of(
                st(Width.W, 10, -4, 0),
                mov64(2, 10),
                alu64Imm(AluOp.ADD, 2, -4),
                ldMapFd(1, mapFd),
                call(1), // bpf_map_lookup_elem
                jmpImm(JmpOp.JEQ, 0, 0, 2),
                mov64Imm(1, 1),
                atomic(Width.DW, AtomicOp.ADD, 0, 1, 0),
                mov64Imm(0, XDP_PASS),
                exit());
    }

    @Test
    void xdpProgramCountsTestRunPacketsInAMap() {
        try (KernelMap counts = KernelMap.create("t_counts", MapKind.ARRAY, 4, 8, 1, 0);
             LoadedProgram prog = loadInsns("t_counter", XDP, counter(counts.fd().get()))) {
            TestRunResult r = prog.testRun().data(udpPacket()).repeat(100).run();
            assertEquals(XDP_PASS, r.retval());
            assertArrayEquals(udpPacket(), r.data());
            long n = ByteBuffer.wrap(counts.lookup(new byte[4])).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(100, n);
            ProgramInfo info = prog.info();
            assertEquals("t_counter", info.name());
            assertEquals(XDP, info.type());
            assertTrue(info.xlatedInsns() >= 10, "xlated " + info.xlatedInsns());
            assertTrue(info.id() > 0);
        }
    }

    @Test
    void xdpProgramRewritesThePacket() {
        // *(u8 *)(data + 0) = 0xAA after a bounds check; return XDP_TX
        List<Insn> code = List.of(
                ldx(Width.W, 2, 1, 0), // r2 = ctx->data
                ldx(Width.W, 3, 1, 4), // r3 = ctx->data_end
                mov64(4, 2),
                alu64Imm(AluOp.ADD, 4, 1),
                jmp(JmpOp.JGT, 4, 3, 1),
                st(Width.B, 2, 0, 0xAA),
                mov64Imm(0, XDP_TX),
                exit());
        try (LoadedProgram prog = loadInsns("t_rewrite", XDP, code)) {
            TestRunResult r = prog.testRun(udpPacket());
            assertEquals(XDP_TX, r.retval());
            assertEquals((byte) 0xAA, r.data()[0]);
            assertEquals(udpPacket().length, r.data().length);
        }
    }

    @Test
    void pinnedAndByIdProgramsRunTheSameCode() throws Exception {
        BpfFsMount.ensure();
        String path = "/sys/fs/bpf/bpf4j_rtcore_prog_pin";
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(path));
        List<Insn> code = List.of(mov64Imm(0, XDP_TX), exit());
        try (LoadedProgram prog = loadInsns("t_pinned", XDP, code)) {
            assertEquals(2, prog.insnCount());
            prog.pin(path);
            try (LoadedProgram pinned = LoadedProgram.openPinned(path);
                 LoadedProgram byId = LoadedProgram.fromId(prog.info().id())) {
                assertEquals("t_pinned", pinned.name());
                assertEquals(XDP, byId.type());
                assertEquals(XDP_TX, pinned.testRun(udpPacket()).retval());
                assertEquals(XDP_TX, byId.testRun(udpPacket()).retval());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(path));
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        List<Insn> bad = List.of(mov64(0, 2), exit()); // r2 is never initialised
        VerifierException e = assertThrows(VerifierException.class, () -> loadInsns("t_bad", SOCKET_FILTER, bad));
        assertTrue(e.log().contains("R2 !read_ok"), e.log());
        assertTrue(e.getMessage().contains("t_bad") && e.getMessage().contains("R2 !read_ok"), e.getMessage());
        assertEquals("t_bad", e.program());
    }

    @Test
    void hugeVerifierLogGrowsTheBuffer() {
        // 8000 useless instructions followed by an invalid read: log level 1 prints every one.
        List<Insn> code = new java.util.ArrayList<>();
        code.add(mov64Imm(0, 0));
        for (int i = 0; i < 8000; i++) code.add(alu64Imm(AluOp.ADD, 0, 1));
        code.add(ldx(Width.DW, 0, 3, 0)); // r3 uninitialised
        code.add(exit());
        VerifierException e = assertThrows(VerifierException.class, () -> loadInsns("t_long", SOCKET_FILTER, code));
        assertTrue(e.log().length() > 64 * 1024, "log length " + e.log().length());
        assertTrue(e.log().contains("R3 !read_ok"), e.log().substring(Math.max(0, e.log().length() - 500)));
    }
}
