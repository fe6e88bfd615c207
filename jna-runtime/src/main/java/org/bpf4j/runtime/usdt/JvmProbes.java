package org.bpf4j.runtime.usdt;

import java.nio.file.Path;
import java.util.List;
import org.bpf4j.object.usdt.UsdtNotes;
import org.bpf4j.object.usdt.UsdtProbe;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;

/**
 * HotSpot's USDT probes: the {@code libjvm.so} a running JVM maps (or this JVM's,
 * {@link UsdtTargets#libjvm()}; a JDK's, {@link UsdtTargets#libjvm(Path)}) and its
 * {@value #PROVIDER} probes. Most fire in every JVM; those of method entry and exit, object
 * allocation and monitors only with {@code -XX:+ExtendedDTraceProbes}, listed in
 * {@link #EXTENDED}.
 */
public final class JvmProbes {
    /** The provider of HotSpot's documented probes ({@code hs_private} has internal ones). */
    public static final String PROVIDER = "hotspot";
    /** The probes that fire only in a JVM started with {@code -XX:+ExtendedDTraceProbes} (HotSpot's DTraceMethodProbes, DTraceAllocProbes, DTraceMonitorProbes). */
    public static final List<String> EXTENDED = List.of("method__entry", "method__return", "object__alloc",
            "monitor__contended__enter", "monitor__contended__entered", "monitor__contended__exit", "monitor__wait",
            "monitor__waited", "monitor__notify", "monitor__notifyAll");

    private JvmProbes() {}

    /** The libjvm.so process {@code pid} runs on, as its maps name it. */
    public static Path libjvm(long pid) {
        return UsdtTargets.mappedElfFiles(pid).stream()
                .filter(p -> p.getFileName().toString().equals("libjvm.so")).findFirst()
                .orElseThrow(() -> new BpfNotFoundException("process " + pid + " maps no libjvm.so: it is not a HotSpot JVM",
                        Errno.ENOENT));
    }

    /** Every {@value #PROVIDER} probe site of {@code libjvm}, in note order. */
    public static List<UsdtProbe> probes(Path libjvm) {
        return UsdtNotes.read(libjvm).stream().filter(p -> p.provider().equals(PROVIDER)).toList();
    }
}
