package org.bpf4j.it.samples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.samples.connectredirect.ConnectRedirectSkeleton;
import org.bpf4j.samples.execlog.ExecLogSkeleton;
import org.bpf4j.samples.firewall.FirewallSkeleton;
import org.bpf4j.samples.sockfilter.SockFilterSkeleton;
import org.bpf4j.samples.tcfilter.TcFilterSkeleton;
import org.bpf4j.samples.xdpcounter.XdpCounterSkeleton;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libbpf (through {@code bpftool prog loadall}) loads every sample object the processor wrote,
 * and {@code bpftool prog dump xlated} shows the Java source lines carried in its BTF line info.
 */
@KernelTest
class SampleObjectsBpftoolTest {
    /** Each sample's object, its program, and a piece of Java source from that program's body. */
    record Sample(Class<?> skeleton, String resource, String program, String javaLine) {
        @Override
        public String toString() {
            return program + " in " + resource;
        }
    }

    static Stream<Sample> samples() {
        return Stream.of(
                new Sample(FirewallSkeleton.class, FirewallSkeleton.RESOURCE, "filter",
                        "blocked.incrementIfPresent(ip.saddr)"),
                new Sample(TcFilterSkeleton.class, TcFilterSkeleton.RESOURCE, "filter",
                        "drops.increment(tcp.dest)"),
                new Sample(ExecLogSkeleton.class, ExecLogSkeleton.RESOURCE, "logExec",
                        "Bpf.getCurrentComm(e.comm)"),
                new Sample(ConnectRedirectSkeleton.class, ConnectRedirectSkeleton.RESOURCE, "redirect",
                        "ctx.userIp4 = toIp"),
                new Sample(SockFilterSkeleton.class, SockFilterSkeleton.RESOURCE, "filter",
                        "Bpf.skbLoadBytes(ctx, UdpHdr.SIZE, first)"),
                new Sample(XdpCounterSkeleton.class, XdpCounterSkeleton.RESOURCE, "countFrames",
                        "protocols.increment(slot)"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bpftoolLoadsTheObjectAndShowsJavaLines(Sample sample) throws Exception {
        String bpftool = Prerequisites.requireTool("bpftool").toString();
        Path dir = Files.createTempDirectory("bpf4j-samples");
        Path object = dir.resolve("sample.bpf.o");
        try (InputStream in = sample.skeleton().getResourceAsStream(sample.resource())) {
            assertNotNull(in, sample.resource() + " is not on the class path");
            Files.copy(in, object);
        }
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-it-samples-" + ProcessHandle.current().pid());
        try {
            ExternalProcess.stdoutOf(bpftool, "prog", "loadall", object.toString(), pins.toString());
            String xlated = ExternalProcess.stdoutOf(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve(sample.program()).toString());
            assertTrue(xlated.contains(sample.javaLine()), () -> "no Java line '" + sample.javaLine()
                    + "' in:\n" + xlated);
        } finally {
            // The pins hold the only references: removing them unloads programs and maps.
            if (Files.isDirectory(pins)) {
                try (Stream<Path> files = Files.list(pins)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(pins);
            }
            Files.delete(object);
            Files.delete(dir);
        }
    }
}
