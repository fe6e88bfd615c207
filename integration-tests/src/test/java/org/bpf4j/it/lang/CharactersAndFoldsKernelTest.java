package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.Ipv4;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CharactersAndFolds} in the kernel against the JVM: {@code Character} keys and values
 * (including chars above 0x7FFF, which a signed u16 would get wrong) agree run by run and in the
 * maps; addresses folded from {@code Ipv4.parse}/{@code Ipv4.of} classify packets as on the JVM.
 */
@KernelTest
class CharactersAndFoldsKernelTest {
    private static CharactersAndFoldsSkeleton skeleton;

    @BeforeAll
    static void load() {
        skeleton = CharactersAndFoldsSkeleton.load();
        JvmPrograms.initMaps(CharactersAndFolds.class);
    }

    @AfterAll
    static void close() {
        if (skeleton != null) {
            skeleton.close();
        }
    }

    @Test
    void characterKeysAndValuesAgreeWithJvm() {
        Random random = new Random(14);
        char[] keys = {0, 1, 0x7FFF, 0x8000, 0xFFFF, 'a'};
        for (int i = 0; i < 200; i++) {
            char a = keys[random.nextInt(keys.length)];
            char b = (char) random.nextInt(1 << 16);
            byte[] packet = new byte[64];
            packet[0] = (byte) (a >> 8);
            packet[1] = (byte) a;
            packet[2] = (byte) (b >> 8);
            packet[3] = (byte) b;
            int jvm = CharactersAndFolds.characters(XdpContext.of(packet.clone()));
            int kernel = skeleton.characters().testRun(packet).retval();
            assertEquals(jvm, kernel, "run " + i + " with key " + (int) a + ", value " + (int) b);
        }
        for (char key : keys) {
            assertEquals(CharactersAndFolds.successor.get(key), skeleton.successor().get(key), "successor of " + (int) key);
        }
        assertEquals(CharactersAndFolds.last.get(0), skeleton.last().get(0));
        assertEquals(CharactersAndFolds.last.get(1), skeleton.last().get(1));
    }

    @Test
    void foldedAddressesClassifyAsOnJvm() {
        int[] addresses = {Ipv4.parse("10.0.0.1"), Ipv4.of(10, 9, 9, 9), Ipv4.parse("192.168.7.1"),
                Ipv4.parse("127.0.0.1"), Ipv4.parse("8.8.8.8"), Ipv4.parse("10.0.0.2"), Ipv4.parse("192.169.0.1")};
        Set<Integer> verdicts = new HashSet<>();
        for (int address : addresses) {
            byte[] packet = new byte[64];
            packet[12] = 0x08;
            packet[14] = 0x45;
            packet[30] = (byte) (address >>> 24);
            packet[31] = (byte) (address >>> 16);
            packet[32] = (byte) (address >>> 8);
            packet[33] = (byte) address;
            int jvm = CharactersAndFolds.addresses(XdpContext.of(packet.clone()));
            int kernel = skeleton.addresses().testRun(packet).retval();
            assertEquals(jvm, kernel, Ipv4.format(address));
            verdicts.add(kernel);
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), verdicts, "each folded constant matched its address");
    }
}
