package org.bpf4j.runtime.attach;

import java.nio.file.Path;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.runtime.probe.LinkKind;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/**
 * Everything that hangs a program on a perf event: tracepoints, uprobes, kprobes and hardware or
 * software events. The program goes on the event by a BPF_PERF_EVENT link (5.15+), or by the
 * PERF_EVENT_IOC_SET_BPF ioctl on older kernels; either way closing the event detaches it.
 */
final class PerfEventAttach {
    private static final long PERF_EVENT_IOC_ENABLE = 0x2400, PERF_EVENT_IOC_DISABLE = 0x2401,
            PERF_EVENT_IOC_SET_BPF = 0x40042408;
    private static final int PERF_COUNT_SW_CPU_CLOCK = 0;

    private PerfEventAttach() {}

    static Link tracepoint(LoadedProgram program, String category, String name) {
        KernelTypes.require(program, "a tracepoint", KernelTypes.TRACEPOINT);
        String what = "tracepoint program '" + program.name() + "' on " + category + ":" + name;
        return onEvent(program, tracepointEvent(category, name, what), what);
    }

    /** A perf event on tracepoint {@code category:name}, on every CPU (the program runs wherever it fires). */
    static Fd tracepointEvent(String category, String name, String what) {
        return new PerfEventAttr(PerfEventAttr.TYPE_TRACEPOINT, Tracefs.tracepointId(category, name)).open(-1, 0, what);
    }

    /**
     * A uprobe (or uretprobe) at {@code fileOffset} of {@code binary}, in process {@code pid}
     * or in every process that maps the file ({@code pid < 0}).
     */
    static Link uprobe(LoadedProgram program, Path binary, long fileOffset, boolean ret, int pid, String label) {
        KernelTypes.require(program, "a uprobe", KernelTypes.KPROBE);
        ProbePmu pmu = ProbePmu.uprobe();
        String what = (ret ? "uretprobe" : "uprobe") + " program '" + program.name() + "' on " + label
                + (pid < 0 ? "" : " in pid " + pid);
        Fd event = new PerfEventAttr(pmu.type, ret ? pmu.retprobeBit : 0)
                .config1String(binary.toAbsolutePath().toString()).config2(fileOffset)
                .open(pid < 0 ? -1 : pid, pid < 0 ? 0 : -1, what);
        return onEvent(program, event, what);
    }

    static Link kprobe(LoadedProgram program, String function, long offset, boolean ret) {
        KernelTypes.require(program, "a kprobe", KernelTypes.KPROBE);
        ProbePmu pmu = ProbePmu.kprobe();
        String what = (ret ? "kretprobe" : "kprobe") + " program '" + program.name() + "' on " + function
                + (offset == 0 ? "" : "+" + offset);
        Fd event = new PerfEventAttr(pmu.type, ret ? pmu.retprobeBit : 0).config1String(function).config2(offset)
                .open(-1, 0, what);
        return onEvent(program, event, what);
    }

    /** The software cpu-clock event on {@code cpu}, firing every {@code periodNs} nanoseconds. */
    static Link cpuClock(LoadedProgram program, int cpu, long periodNs) {
        KernelTypes.require(program, "a perf event", KernelTypes.PERF_EVENT);
        if (periodNs <= 0) throw new IllegalArgumentException("cpu-clock period must be positive, got " + periodNs);
        String what = "perf event program '" + program.name() + "' on cpu-clock of CPU " + cpu;
        Fd event = new PerfEventAttr(PerfEventAttr.TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK).samplePeriod(periodNs)
                .open(-1, cpu, what);
        return onEvent(program, event, what);
    }

    /** Attaches to a perf event the caller opened; the returned link owns {@code event}. */
    static Link perfEvent(LoadedProgram program, Fd event) {
        KernelTypes.require(program, "a perf event", KernelTypes.PERF_EVENT, KernelTypes.TRACEPOINT, KernelTypes.KPROBE);
        return onEvent(program, event, "program '" + program.name() + "' on " + event.description());
    }

    /** Links the program to {@code event}, by ioctl where the kernel has no perf link; on failure closes the event. */
    private static Link onEvent(LoadedProgram program, Fd event, String what) {
        if (!FeatureProbes.link(LinkKind.PERF_EVENT)) return viaIoctl(program, event, what);
        try {
            return Link.bpfLink(
                    Fd.applyBoth(program.fd(), event, (p, e) -> BpfSyscall.linkCreate(p, e, KernelTypes.ATTACH_PERF_EVENT, 0, null, what)),
                    what + " (BPF link)", event);
        } catch (RuntimeException e) {
            event.close();
            throw e;
        }
    }

    /** PERF_EVENT_IOC_SET_BPF and ENABLE, as before kernel 5.15; closing disables and closes the event. */
    static Link viaIoctl(LoadedProgram program, Fd event, String what) {
        try {
            Fd.applyBoth(event, program.fd(), (e, p) -> Sys.check(LibC.ioctl(e, PERF_EVENT_IOC_SET_BPF, p), "PERF_EVENT_IOC_SET_BPF", what));
            event.use(e -> Sys.check(LibC.ioctl(e, PERF_EVENT_IOC_ENABLE, 0L), "PERF_EVENT_IOC_ENABLE", what));
        } catch (RuntimeException e) {
            event.close();
            throw e;
        }
        return Link.legacy(what + " (perf event ioctl)",
                () -> event.use(e -> Sys.check(LibC.ioctl(e, PERF_EVENT_IOC_DISABLE, 0L), "PERF_EVENT_IOC_DISABLE", what)),
                event);
    }
}
