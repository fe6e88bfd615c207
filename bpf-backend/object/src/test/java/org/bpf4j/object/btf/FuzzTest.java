package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random truncations and byte flips of real clang output either parse or fail with BtfFormatException. */
class FuzzTest {
    private static final int ROUNDS = 5000;

    @Test
    void damagedBtfNeverFailsAnyOtherWay() {
        byte[] original = ClangBlobs.btf("btf_kinds");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fuzz(original, 1, data -> {
            Btf btf = Btf.parse(data);
            btf.encode();
            MapDefinitions.readAll(btf);
        }));
    }

    @Test
    void damagedBtfExtNeverFailsAnyOtherWay() {
        Btf btf = Btf.parse(ClangBlobs.btf("btf_kinds"));
        byte[] original = ClangBlobs.ext("btf_kinds");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fuzz(original, 2, data -> BtfExt.parse(data, btf)));
    }

    @Test
    void damagedCoreRelocationsResolveOrFailClearly() {
        byte[] btfBytes = ClangBlobs.btf("core_relos");
        byte[] extBytes = ClangBlobs.ext("core_relos");
        Btf btf = Btf.parse(btfBytes);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            fuzz(extBytes, 3, data -> resolveAll(btf, BtfExt.parse(data, btf)));
            fuzz(btfBytes, 4, data -> {
                Btf damaged = Btf.parse(data);
                resolveAll(damaged, BtfExt.parse(extBytes, damaged));
            });
        });
    }

    private static void resolveAll(Btf btf, BtfExt ext) {
        CoreRelocator relocator = new CoreRelocator(btf, btf);
        for (BtfExt.Section<BtfExt.CoreRelo> section : ext.coreRelos()) {
            for (BtfExt.CoreRelo relo : section.records()) {
                try {
                    relocator.resolve(relo);
                } catch (CoreRelocationException expected) {
                    // a relocation the damaged types cannot satisfy, reported as such
                }
            }
        }
    }

    private interface Parser {
        void parse(byte[] data);
    }

    private static void fuzz(byte[] original, long seed, Parser parser) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] data = damage(original, random);
            try {
                parser.parse(data);
            } catch (BtfFormatException expected) {
                // malformed input, reported as such
            } catch (RuntimeException | StackOverflowError e) {
                fail("round " + round + ": " + e + " on input " + Arrays.toString(data), e);
            }
        }
    }

    private static byte[] damage(byte[] original, SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return Arrays.copyOf(original, random.nextInt(original.length));
            case 1: {
                byte[] d = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    d[random.nextInt(d.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return d;
            }
            default: {
                byte[] d = original.clone();
                d[random.nextInt(d.length)] = (byte) random.nextInt(256);
                return Arrays.copyOf(d, d.length - random.nextInt(8));
            }
        }
    }
}
