package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The 8 packets every generated program runs on: lengths from the 14-byte minimum that
 * BPF_PROG_TEST_RUN accepts for XDP to beyond the 72 bytes programs address, so reads at fixed
 * and masked offsets fall both inside and past the end ("too short" packets).
 */
final class FuzzPackets {
    private static final int[] LENGTHS = {14, 15, 21, 34, 42, 60, 71, 98};

    private FuzzPackets() {
    }

    static List<byte[]> of(long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < LENGTHS.length; i++) {
            byte[] p = new byte[LENGTHS[i]];
            switch (i % 4) {
                case 0 -> Arrays.fill(p, (byte) 0xFF);
                case 1 -> Arrays.fill(p, (byte) 0);
                default -> random.nextBytes(p);
            }
            if (i % 4 < 2) {
                p[random.nextInt(p.length)] = (byte) random.nextInt();
            }
            out.add(p);
        }
        return out;
    }
}
