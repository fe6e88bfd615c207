package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;
import org.junit.jupiter.api.Test;

/**
 * {@link SkBuffContext#atNetworkHeader} is the context the kernel gives socket filters and cgroup
 * skb programs for an Ethernet frame: {@link NetworkHeaderContexts} agrees with the JVM on it.
 */
@KernelTest
class NetworkHeaderContextsKernelTest {
    @Test
    void socketFilterAndCgroupSkbStartAtTheNetworkHeader() {
        Random random = new Random(6);
        Set<Integer> filtered = new HashSet<>();
        Set<Integer> ingress = new HashSet<>();
        try (NetworkHeaderContextsSkeleton skeleton = NetworkHeaderContextsSkeleton.load()) {
            for (int i = 0; i < 60; i++) {
                byte[] frame = new byte[34 + random.nextInt(40)];
                random.nextBytes(frame);
                frame[12] = 0x08;
                frame[13] = 0;
                frame[14] = 0x45;
                frame[22] = (byte) (i % 3 == 0 ? 64 : frame[22]);
                TestRunResult filter = skeleton.filter().testRun(frame);
                assertEquals(NetworkHeaderContexts.filter(SkBuffContext.atNetworkHeader(frame)), filter.retval(), "filter " + i);
                filtered.add(filter.retval());
                if (CGROUP_SKB_TEST_RUNS_SEE_THE_PACKET) {
                    int verdict = skeleton.ingress().testRun(frame).retval();
                    assertEquals(NetworkHeaderContexts.ingress(SkBuffContext.atNetworkHeader(frame)), verdict, "ingress " + i);
                    ingress.add(verdict);
                }
            }
        }
        assertTrue(filtered.size() > 10, "results depend on the frames: " + filtered);
        assertTrue(!CGROUP_SKB_TEST_RUNS_SEE_THE_PACKET || ingress.size() == 2, "results depend on the frames: " + ingress);
    }

    /**
     * Older kernels (6.1) run a cgroup skb program by BPF_PROG_TEST_RUN without setting its
     * packet pointers, so every direct read fails there whatever the program; the ingress half
     * needs a kernel whose test run shows the packet. Asked with instructions of our own, not
     * the compiler's: {@code r0 = data < data_end}.
     */
    private static final boolean CGROUP_SKB_TEST_RUNS_SEE_THE_PACKET = cgroupSkbTestRunsSeeThePacket();

    private static boolean cgroupSkbTestRunsSeeThePacket() {
        ByteBuffer code = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        code.put((byte) 0x61).put((byte) 0x12).putShort((short) 76).putInt(0);    // r2 = *(u32 *)(r1 + 76): data
        code.put((byte) 0x61).put((byte) 0x13).putShort((short) 80).putInt(0);    // r3 = *(u32 *)(r1 + 80): data_end
        code.put((byte) 0xb7).put((byte) 0).putShort((short) 0).putInt(0);       // r0 = 0
        code.put((byte) 0x3d).put((byte) 0x32).putShort((short) 1).putInt(0);    // if r2 >= r3 goto +1
        code.put((byte) 0xb7).put((byte) 0).putShort((short) 0).putInt(1);       // r0 = 1
        code.put((byte) 0x95).put((byte) 0).putShort((short) 0).putInt(0);       // exit
        Memory log = new Memory(1 << 16);
        log.clear();
        int fd = BpfSyscall.progLoad(ProgramType.CGROUP_SKB_INGRESS.kernelProgType(), code.array(), "GPL").load(log,
                (int) log.size(), 1);
        assertTrue(fd >= 0, () -> "the packet probe did not load: " + log.getString(0));
        try (Fd program = new Fd(fd, "cgroup skb packet probe")) {
            Memory frame = new Memory(64);
            frame.clear();
            frame.setShort(12, (short) 0x0008);        // EtherType IPv4, network order
            return new BpfSyscall.TestRunAttr(program.get()).dataIn(frame, 64).run("cgroup skb packet probe").retval() == 1;
        }
    }
}
