package org.bpf4j.object.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes either decode into instructions that encode back to the same bytes, or are
 * rejected with an {@link InsnDecodeException} naming a slot boundary: never another exception.
 */
class InsnDecodeFuzzTest {
    private static final int[] VALID = InsnFormat.validOpcodes();

    @Test
    void randomBytesRoundTripOrFailCleanly() {
        Random random = new Random(0x6270_6634L);
        int decoded = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] code = new byte[8 * (1 + random.nextInt(3)) + (random.nextInt(8) == 0 ? random.nextInt(8) : 0)];
            random.nextBytes(code);
            // mostly valid opcodes with small registers, so that decoding often gets past the opcode
            for (int at = 0; at + 8 <= code.length; at += 8) {
                if (random.nextInt(4) != 0) {
                    code[at] = (byte) VALID[random.nextInt(VALID.length)];
                    code[at + 1] = (byte) (random.nextInt(3) << 4 | random.nextInt(11));
                }
                if (random.nextBoolean()) {
                    Arrays.fill(code, at + 2, at + 8, (byte) 0);
                }
            }
            decoded += check(code) ? 1 : 0;
        }
        assertTrue(decoded > 1_000, "only " + decoded + " random inputs decoded");
    }

    private static boolean check(byte[] code) {
        try {
            List<Insn> insns = Insn.decode(code);
            assertArrayEquals(code, Insn.encode(insns));
            return true;
        } catch (InsnDecodeException e) {
            assertEquals(0, e.byteOffset() % 8, e.getMessage());
            assertTrue(e.byteOffset() < code.length, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            fail("decoding " + java.util.HexFormat.of().formatHex(code) + " threw " + e, e);
            return false;
        }
    }
}
