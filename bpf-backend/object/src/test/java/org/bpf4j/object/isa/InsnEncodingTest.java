package org.bpf4j.object.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsnEncodingTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void theOpcodeTableHoldsTheWholeInstructionSet() {
        // ALU 12 binary ops x2 + NEG + END le/be; ALU64 the same with one BSWAP; JMP 11 conditions
        // x2 + JA + CALL + EXIT + may_goto; JMP32 22 + gotol; LD imm64 + 3 ABS + 3 IND;
        // LDX 4 MEM + 3 MEMSX; ST 4; STX 4 MEM + 4 ATOMIC.
        assertEquals(27 + 26 + 26 + 23 + 7 + 7 + 4 + 8, InsnFormat.validOpcodes().length);
    }

    @Test
    void everyValidOpcodeRoundTripsThroughBytes() {
        List<Insn> samples = SampleInsns.all();
        byte[] bytes = Insn.encode(samples);
        assertEquals(samples, Insn.decode(bytes));
        assertArrayEquals(bytes, Insn.encode(Insn.decode(bytes)));
        for (int opcode : InsnFormat.validOpcodes()) {
            assertTrue(samples.stream().anyMatch(i -> i.opcode() == opcode), "no sample of opcode " + opcode);
        }
    }

    @Test
    void everyInvalidOpcodeIsRejectedWithItsByteOffset() {
        int rejected = 0;
        for (int opcode = 0; opcode < 256; opcode++) {
            if (InsnFormat.of(opcode) == null) {
                byte[] code = new byte[24];
                code[0] = (byte) 0xb7;  // r0 = 0 before, exit after: the bad one is at byte 8
                code[8] = (byte) opcode;
                code[16] = (byte) 0x95;
                InsnDecodeException e = assertThrows(InsnDecodeException.class, () -> Insn.decode(code));
                assertEquals(8, e.byteOffset());
                assertTrue(e.getMessage().contains("at byte offset 8"), e.getMessage());
                assertTrue(e.getMessage().contains(String.format("opcode 0x%02x", opcode)), e.getMessage());
                rejected++;
            }
        }
        assertEquals(256 - InsnFormat.validOpcodes().length, rejected);
    }

    @Test
    void factoriesEncodeAsClangDoes() {
        // byte patterns taken from llvm-objdump of clang-built objects
        assertArrayEquals(hex("b4 00 00 00 02 00 00 00"), Insn.encode(List.of(Insn.mov32Imm(Reg.R0, 2))));
        assertArrayEquals(hex("61 12 04 00 00 00 00 00"), Insn.encode(List.of(Insn.ldx(Width.W, Reg.R2, Reg.R1, 4))));
        assertArrayEquals(hex("2d 23 33 00 00 00 00 00"), Insn.encode(List.of(Insn.jmp(JmpOp.JGT, Reg.R3, Reg.R2, 51))));
        assertArrayEquals(hex("56 03 2e 00 08 00 00 00"), Insn.encode(List.of(Insn.jmp32Imm(JmpOp.JNE, Reg.R3, 8, 46))));
        assertArrayEquals(hex("63 1a fc ff 00 00 00 00"), Insn.encode(List.of(Insn.stx(Width.W, Reg.R10, Reg.R1, -4))));
        assertArrayEquals(hex("07 02 00 00 fc ff ff ff"), Insn.encode(List.of(Insn.alu64Imm(AluOp.ADD, Reg.R2, -4))));
        assertArrayEquals(hex("db 10 00 00 00 00 00 00"),
                Insn.encode(List.of(Insn.atomic(Width.DW, AtomicOp.ADD, Reg.R0, Reg.R1, 0))));
        assertArrayEquals(hex("85 00 00 00 01 00 00 00"), Insn.encode(List.of(Insn.call(1))));
        assertArrayEquals(hex("95 00 00 00 00 00 00 00"), Insn.encode(List.of(Insn.exit())));
        assertArrayEquals(hex("dc 01 00 00 10 00 00 00"),
                Insn.encode(List.of(Insn.endian(java.nio.ByteOrder.BIG_ENDIAN, Reg.R1, 16))));
        assertArrayEquals(hex("d7 05 00 00 10 00 00 00"), Insn.encode(List.of(Insn.bswap(Reg.R5, 16))));
        assertArrayEquals(hex("3c 57 01 00 00 00 00 00"), Insn.encode(List.of(Insn.alu32(AluOp.SDIV, Reg.R7, Reg.R5))));
        assertArrayEquals(hex("bf 44 20 00 00 00 00 00"), Insn.encode(List.of(Insn.movsx64(Reg.R4, Reg.R4, 32))));
        assertArrayEquals(hex("91 23 00 00 00 00 00 00"), Insn.encode(List.of(Insn.ldsx(Width.B, Reg.R3, Reg.R2, 0))));
        assertArrayEquals(hex("62 07 00 00 07 00 00 00"), Insn.encode(List.of(Insn.st(Width.W, Reg.R7, 0, 7))));
        assertArrayEquals(hex("06 00 00 00 01 00 00 00"), Insn.encode(List.of(Insn.gotol(1))));
        assertArrayEquals(hex("db 86 00 00 f1 00 00 00"),
                Insn.encode(List.of(Insn.atomic(Width.DW, AtomicOp.CMPXCHG, Reg.R6, Reg.R8, 0))));
        assertArrayEquals(hex("18 03 00 00 ef cd ab 89 00 00 00 00 67 45 23 01"),
                Insn.encode(List.of(Insn.ldImm64(Reg.R3, 0x123456789abcdefL))));
        assertArrayEquals(hex("18 21 00 00 05 00 00 00 00 00 00 00 10 00 00 00"),
                Insn.encode(List.of(Insn.ldMapValue(Reg.R1, 5, 16))));
        assertArrayEquals(hex("18 11 00 00 05 00 00 00 00 00 00 00 00 00 00 00"),
                Insn.encode(List.of(Insn.ldMapFd(Reg.R1, 5))));
        assertArrayEquals(hex("85 10 00 00 ff ff ff ff"), Insn.encode(List.of(Insn.callLocal(-1))));
        assertArrayEquals(hex("85 20 03 00 39 30 00 00"), Insn.encode(List.of(Insn.callKfunc(12345, 3))));
        // byte patterns from llvm-objdump 22
        assertArrayEquals(hex("e5 00 fb ff 00 00 00 00"), Insn.encode(List.of(Insn.mayGoto(-5))));
        assertArrayEquals(hex("d3 10 fc ff 00 01 00 00"), Insn.encode(List.of(Insn.loadAcquire(Width.B, 0, 1, -4))));
        assertArrayEquals(hex("db 21 04 00 10 01 00 00"), Insn.encode(List.of(Insn.storeRelease(Width.DW, 1, 2, 4))));
        assertArrayEquals(hex("bf 21 01 00 00 00 01 00"), Insn.encode(List.of(Insn.addrSpaceCast(1, 2, true))));
    }

    @Test
    void ldImm64TakesTwoSlotsAndKeepsAllBits() {
        Insn insn = Insn.ldImm64(Reg.R9, 0x8000000000000001L);
        assertEquals(2, insn.slots());
        assertEquals(16, Insn.encode(List.of(insn)).length);
        assertEquals(List.of(insn), Insn.decode(Insn.encode(List.of(insn))));
        assertEquals(1, insn.imm32());
        assertEquals(0x80000000, insn.immHi());
        Insn mapValue = Insn.ldMapValue(Reg.R1, 7, -8);
        assertEquals(PseudoSrc.MAP_VALUE, mapValue.pseudoSrc());
        assertEquals(7, mapValue.imm32());
        assertEquals(-8, mapValue.immHi());
    }

    @Test
    void decodingRejectsMalformedBytesNamingTheOffset() {
        assertDecodeError("b7 00 00 00 00 00 00 00 95 00 00", 8, "truncated instruction: 3 bytes left");
        assertDecodeError("18 01 00 00 01 00 00 00", 0, "LD_IMM64 is missing its second slot");
        assertDecodeError("95 00 00 00 00 00 00 00 18 01 00 00 01 00 00 00 95 00 00 00 00 00 00 00", 8,
                "second slot of LD_IMM64 must have opcode, registers and offset 0");
        assertDecodeError("bf b1 00 00 00 00 00 00", 0, "source register r11 does not exist");
        assertDecodeError("bf 0c 00 00 00 00 00 00", 0, "destination register r12 does not exist");
        assertDecodeError("07 21 00 00 01 00 00 00", 0, "source register must be 0 but is 2");
        assertDecodeError("0f 21 00 00 01 00 00 00", 0, "immediate must be 0 but is 1");
        assertDecodeError("d4 01 00 00 08 00 00 00", 0, "byte swap width 8 is not 16, 32 or 64");
        assertDecodeError("c3 21 00 00 02 00 00 00", 0, "atomic operation 0x2 is none of");
        assertDecodeError("bc 21 20 00 00 00 00 00", 0, "MOV sign-extension width 32 is not 0, 8 or 16");
        assertDecodeError("3f 21 02 00 00 00 00 00", 0, "offset 2 of DIV/MOD is not 0 (unsigned) or 1 (signed)");
        assertDecodeError("85 30 00 00 01 00 00 00", 0, "call source 3 is not 0 (helper), 1 (local) or 2 (kfunc)");
        assertDecodeError("18 71 00 00 01 00 00 00 00 00 00 00 00 00 00 00", 0, "LD_IMM64 source 7 is no pseudo source");
        assertDecodeError("95 01 00 00 00 00 00 00", 0, "destination register must be 0 but is 1");
        assertDecodeError("06 00 01 00 05 00 00 00", 0, "offset must be 0 but is 1");
        assertDecodeError("d3 21 00 00 00 00 00 00", 0, "atomic ADD exists only for W and DW, not B");
        assertDecodeError("bf 21 01 00 02 00 00 00", 0, "addr_space_cast immediate 0x2 is not 0x1 or 0x10000");
        assertDecodeError("bc 21 01 00 01 00 00 00", 0, "MOV sign-extension width 1 is not 0, 8 or 16");
        assertDecodeError("e5 01 05 00 00 00 00 00", 0, "destination register must be 0 but is 1");
        assertDecodeError("e6 00 05 00 00 00 00 00", 0, "opcode is not an eBPF instruction");
    }

    private static void assertDecodeError(String bytes, int offset, String expected) {
        InsnDecodeException e = assertThrows(InsnDecodeException.class, () -> Insn.decode(hex(bytes)));
        assertEquals(offset, e.byteOffset());
        assertTrue(e.getMessage().startsWith("at byte offset " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void constructorRejectsOutOfRangeFields() {
        assertMessage(() -> Insn.mov64Imm(11, 0), "destination register r11 does not exist (r0..r10)");
        assertMessage(() -> Insn.mov64(1, -1), "source register r-1 does not exist");
        assertMessage(() -> Insn.ja(40000), "offset does not fit in 16 signed bits");
        assertMessage(() -> new Insn(0xb7, 1, 0, 0, 1L << 32), "immediate does not fit in 32 signed bits");
        assertMessage(() -> new Insn(0x100, 0, 0, 0, 0), "opcode does not fit in 8 bits");
        assertMessage(() -> new Insn(0x8c, 0, 0, 0, 0), "opcode is not an eBPF instruction");
        assertMessage(() -> Insn.ldsx(Width.DW, 1, 2, 0), "sign-extending load of 8 bytes does not exist");
        assertMessage(() -> Insn.atomic(Width.B, AtomicOp.ADD, 1, 2, 0), "atomic ADD exists only for W and DW, not B");
        assertMessage(() -> Insn.alu64(AluOp.NEG, 1, 2), "NEG takes no source operand");
        assertMessage(() -> Insn.jmp(JmpOp.CALL, 1, 2, 0), "CALL is not a conditional jump");
        assertMessage(() -> Insn.movsx32(1, 2, 32), "MOV sign-extension width 32 is not 0, 8 or 16");
        assertMessage(() -> Insn.bswap(1, 8), "byte swap width 8 is not 16, 32 or 64");
        assertMessage(() -> Insn.ldPseudo(PseudoSrc.MAP_FD, 1, 3, 4), "MAP_FD takes no value offset");
        assertMessage(() -> Insn.ldAbs(Width.DW, 0), "legacy packet loads exist only for B, H and W");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void byteBufferDecodingStartsAtThePositionAndAdvancesIt() {
        byte[] code = Insn.encode(List.of(Insn.mov64Imm(0, 0), Insn.ldImm64(1, -2), Insn.exit()));
        ByteBuffer buf = ByteBuffer.allocate(code.length + 3);
        buf.put(new byte[3]).put(code).flip().position(3);
        buf.order(java.nio.ByteOrder.BIG_ENDIAN);  // ignored: eBPF code is decoded little-endian
        List<Insn> insns = Insn.decode(buf);
        assertEquals(List.of(Insn.mov64Imm(0, 0), Insn.ldImm64(1, -2), Insn.exit()), insns);
        assertEquals(buf.limit(), buf.position());
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {0, 0, 0, 0, (byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        bad.position(4);
        InsnDecodeException e = assertThrows(InsnDecodeException.class, () -> Insn.decode(bad));
        assertEquals(8, e.byteOffset());
    }
}
