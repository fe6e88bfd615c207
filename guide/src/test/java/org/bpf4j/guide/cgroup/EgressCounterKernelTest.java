package org.bpf4j.guide.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.TestCgroup;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.CgroupAttachType;
import org.bpf4j.runtime.attach.Link;
import org.junit.jupiter.api.Test;

@KernelTest
class EgressCounterKernelTest {
    @Test
    void countsWhatTheCgroupsProcessesSend() {
        try (TestCgroup cgroup = TestCgroup.create("bpf4j-guide");
             EgressCounterSkeleton counter = EgressCounterSkeleton.load();
             Link link = Attach.cgroup(counter.countEgress(), cgroup.path(), CgroupAttachType.EGRESS)) {
            // three datagrams of 4 bytes ("abc\n") to a loopback port nobody listens on
            cgroup.run(Duration.ofSeconds(10), "bash", "-c",
                    "for i in 1 2 3; do echo abc > /dev/udp/127.0.0.1/9; done").orFail();

            assertEquals(3L, counter.sent().get(EgressCounter.PACKETS));
            assertEquals(3L * (20 + 8 + 4), counter.sent().get(EgressCounter.BYTES));   // IPv4 + UDP headers + data
        }
    }
}
