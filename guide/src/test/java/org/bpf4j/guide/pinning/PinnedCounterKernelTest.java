package org.bpf4j.guide.pinning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.map.PinnedMaps;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;

@KernelTest
class PinnedCounterKernelTest {
    @Test
    void anotherJvmReadsThePinnedMap() throws Exception {
        Path pin = Path.of("/sys/fs/bpf/bpf4j-guide-frames-" + ProcessHandle.current().pid());
        byte[] frame = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build();
        try (PinnedCounterSkeleton counter = PinnedCounterSkeleton.load()) {
            counter.count().testRun().data(frame).repeat(5).run();
            PinnedMaps.pin(counter.frames(), pin);          // anywhere on bpffs
        }
        try {
            // the loading JVM's object is closed: the pin alone keeps the map
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String printed = ExternalProcess.run(Duration.ofSeconds(60), java, "-cp",
                    System.getProperty("java.class.path"), PinnedReader.class.getName(), pin.toString())
                    .orFail().stdout();
            assertEquals("5", printed.strip());
        } finally {
            PinnedMaps.unpin(pin);
        }
        assertFalse(Files.exists(pin));
    }
}
