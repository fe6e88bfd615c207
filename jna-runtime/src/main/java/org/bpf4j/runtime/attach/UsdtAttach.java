package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.object.usdt.UsdtProbe;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;

/**
 * One USDT site: a uprobe at the site's file offset, with the semaphore's file offset as the
 * uprobe's reference counter ({@code ref_ctr_offset}, 4.20+: the kernel adds 1 to the semaphore in
 * every process mapping the file while the probe exists), linked to the program by a BPF link
 * carrying the site's spec id as BPF cookie ({@code link_create.perf_event.bpf_cookie}, 5.15+).
 */
final class UsdtAttach {
    /** The uprobe PMU's description of where ref_ctr_offset goes in perf_event_attr.config ("config:32-63"). */
    private static final Path REF_CTR_FORMAT = Path.of("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset");
    /** {@code union bpf_attr}.link_create.perf_event.bpf_cookie */
    private static final int LINK_CREATE_BPF_COOKIE = 16;

    private UsdtAttach() {}

    static Link site(LoadedProgram program, Path binary, UsdtProbe site, int specId, int pid, String what) {
        ProbePmu pmu = ProbePmu.uprobe();
        String siteWhat = what + ", site 0x" + Long.toHexString(site.address()) + " (spec " + specId + ")";
        long config = site.hasSemaphore() ? site.semaphoreOffset() << refCtrShiftFor(siteWhat) : 0;
        Fd event = new PerfEventAttr(pmu.type, config)
                .config1String(binary.toAbsolutePath().toString()).config2(site.fileOffset())
                .open(pid < 0 ? -1 : pid, pid < 0 ? 0 : -1, siteWhat);
        try {
            Fd link = Fd.applyBoth(program.fd(), event, (p, e) -> BpfSyscall.linkCreate(p, e, KernelTypes.ATTACH_PERF_EVENT, 0,
                    a -> a.u64(LINK_CREATE_BPF_COOKIE, specId), siteWhat));
            return Link.bpfLink(link, siteWhat + " (BPF link)", event);
        } catch (RuntimeException e) {
            event.close();
            throw e;
        }
    }

    /** "config:32-63" → 32: the lowest bit of config that holds the reference counter's offset. */
    private static int refCtrShiftFor(String what) {
        if (!Files.isRegularFile(REF_CTR_FORMAT)) {
            throw new BpfUnsupportedException("this kernel's uprobes have no reference counter (" + REF_CTR_FORMAT
                    + " is missing; 4.20+), so the semaphore of " + what + " cannot be raised", Errno.EOPNOTSUPP);
        }
        try {
            return refCtrShift(Files.readString(REF_CTR_FORMAT).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REF_CTR_FORMAT, e);
        }
    }

    static int refCtrShift(String format) {
        if (!format.matches("config:\\d+-63")) {
            throw new IllegalArgumentException("unexpected uprobe ref_ctr_offset format '" + format + "' (expected config:<bit>-63)");
        }
        return Integer.parseInt(format.substring("config:".length(), format.indexOf('-')));
    }
}
