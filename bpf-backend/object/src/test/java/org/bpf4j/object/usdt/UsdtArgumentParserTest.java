package org.bpf4j.object.usdt;

import static org.bpf4j.object.usdt.UsdtArgument.Kind.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsdtArgumentParserTest {

    @Test
    void x86FormsParseToKindsSizesAndPtRegsSlots() {
        List<UsdtArgument> args = UsdtArgumentParser.parse("-4@%esi 8@-16(%rbp) 8@%rax 4@$5 -1@%r9b 2@(%rdi) -8@$-3000000000",
                UsdtArch.X86_64);
        assertEquals(List.of(
                UsdtArgument.register(4, true, "esi", 104),
                UsdtArgument.memory(8, false, "rbp", 32, -16),
                UsdtArgument.register(8, false, "rax", 80),
                UsdtArgument.constant(4, false, 5),
                UsdtArgument.register(1, true, "r9b", 64),
                UsdtArgument.memory(2, false, "rdi", 112, 0),
                UsdtArgument.constant(8, true, -3000000000L)), args);
    }

    @Test
    void x86SymbolRelativeOperandsKeepTheirSymbolUntilResolved() {
        UsdtArgument a = UsdtArgumentParser.parse("4@v_u32+8(%rip)", UsdtArch.X86_64).get(0);
        assertEquals(new UsdtArgument(4, false, MEMORY, "rip", 128, 8, "v_u32"), a);
        assertTrue(a.isSymbolic());
    }

    @Test
    void arm64FormsParseToKindsSizesAndPtRegsSlots() {
        List<UsdtArgument> args = UsdtArgumentParser.parse("-4@[sp, 12] 8@x0 4@5 -4@w19 8@[x29, -16] 2@[x1] -8@-42",
                UsdtArch.ARM64);
        assertEquals(List.of(
                UsdtArgument.memory(4, true, "sp", 248, 12),
                UsdtArgument.register(8, false, "x0", 0),
                UsdtArgument.constant(4, false, 5),
                UsdtArgument.register(4, true, "w19", 152),
                UsdtArgument.memory(8, false, "x29", 232, -16),
                UsdtArgument.memory(2, false, "x1", 8, 0),
                UsdtArgument.constant(8, true, -42)), args);
    }

    @Test
    void anEmptySpecHasNoArguments() {
        assertEquals(List.of(), UsdtArgumentParser.parse("", UsdtArch.X86_64));
    }

    @Test
    void malformedSpecsAreRejectedNamingTheOperand() {
        assertRejected("8@(%rax,%rbx,8)", UsdtArch.X86_64, "expected %reg");
        assertRejected("4@%ah", UsdtArch.X86_64, "register 'ah' has no slot");
        assertRejected("3@%eax", UsdtArch.X86_64, "size must be 1, 2, 4 or 8");
        assertRejected("%eax", UsdtArch.X86_64, "expected [-]size@operand");
        assertRejected("4@$x", UsdtArch.X86_64, "'x' is not a number");
        assertRejected("8@v(%rbx)", UsdtArch.X86_64, "only supported relative to %rip");
        assertRejected("8@[x31]", UsdtArch.ARM64, "register 'x31' has no slot");
        assertRejected("8@%x0", UsdtArch.ARM64, "expected reg, constant");
    }

    private static void assertRejected(String spec, UsdtArch arch, String why) {
        String valid = arch == UsdtArch.X86_64 ? "4@$1 " : "4@1 ";      // errors name the bad operand, not the first
        UsdtException e = assertThrows(UsdtException.class, () -> UsdtArgumentParser.parse(valid + spec, arch));
        assertTrue(e.getMessage().contains("'" + spec + "'") && e.getMessage().contains(why), e.getMessage());
    }
}
