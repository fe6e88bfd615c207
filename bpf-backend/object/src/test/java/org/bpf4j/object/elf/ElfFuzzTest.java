package org.bpf4j.object.elf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Random truncations and byte flips of real objects (clang's and our rewrite of them): reading
 * either succeeds or throws {@link ElfFormatException}; nothing else, and no hang.
 */
class ElfFuzzTest {
    static final List<String> OBJECTS = TestObjects.ALL;
    private static final int MUTATIONS = 600;

    @ParameterizedTest
    @FieldSource("OBJECTS")
    void clangObject(String name) {
        fuzz(name, TestObjects.bytes(name));
    }

    @ParameterizedTest
    @FieldSource("OBJECTS")
    void rewrittenObject(String name) {
        fuzz(name + " (rewritten)", BpfObjectWriter.write(BpfObjectReader.read(TestObjects.bytes(name))));
    }

    private static void fuzz(String name, byte[] original) {
        long seed = name.hashCode();
        Random random = new Random(seed);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] mutated = mutate(original, random);
                try {
                    BpfObjectReader.read(mutated);
                } catch (ElfFormatException expected) {
                    // the only acceptable failure
                } catch (RuntimeException | StackOverflowError e) {
                    fail(name + ", seed " + seed + ", mutation " + i + ": " + e, e);
                }
            }
        });
    }

    /** A truncation (one in four), otherwise one to four random bytes replaced. */
    private static byte[] mutate(byte[] original, Random random) {
        if (random.nextInt(4) == 0) return Arrays.copyOf(original, random.nextInt(original.length));
        byte[] b = original.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        return b;
    }
}
