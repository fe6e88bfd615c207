package org.bpf4j.runtime.attach;

import static org.bpf4j.object.isa.Insn.*;
import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.load.ProgramImage;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.Test;

/**
 * What this machine's kernel lacks: kprobes (CONFIG_KPROBES off) and fentry/fexit/LSM (loads
 * refused with EPERM). The runtime must say so plainly.
 */
@KernelTest
class RefusedKindsTest {
    static final int FENTRY = 24, LSM_MAC = 27;

    @Test
    void kprobesReportTheMissingKernelSupport() {
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/sys/bus/event_source/devices/kprobe")), "this kernel has kprobes");
        try (KernelMap counts = counters("t_kp_cnt", 1);
             LoadedProgram prog = load("t_kprobe", KPROBE, everyRun(counts.fd().get(), 0))) {
            var e = assertThrows(BpfUnsupportedException.class, () -> Attach.kprobe(prog, "do_unlinkat"));
            assertTrue(e.getMessage().startsWith("this kernel has no kprobe support (CONFIG_KPROBES off)"), e.getMessage());
            var r = assertThrows(BpfUnsupportedException.class, () -> Attach.kretprobe(prog, "do_unlinkat"));
            assertTrue(r.getMessage().contains("kretprobes cannot be attached"), r.getMessage());
            LoadedProgram fromSection = new LoadedProgram(prog.fd(), "t_kprobe", "kprobe/do_unlinkat", KPROBE, 0);
            assertTrue(Attach.hasTargetInSection(fromSection));
            assertThrows(BpfUnsupportedException.class, () -> Attach.auto(fromSection));
        }
    }

    @Test
    void fentryAndLsmLoadsAreRefusedClearly() {
        KernelBtf vmlinux = KernelBtf.vmlinux();
        List<Insn> returnZero = List.of(mov64Imm(0, 0), exit());
        ProgramImage fentry = new ProgramImage("t_fentry", TRACING, FENTRY, encode(returnZero), "GPL", 0,
                new byte[0], new byte[0], vmlinux.functionId("do_unlinkat"), 0, null);
        ProgramImage lsm = new ProgramImage("t_lsm", LSM, LSM_MAC, encode(returnZero), "GPL", 0,
                new byte[0], new byte[0], vmlinux.functionId("bpf_lsm_file_open"), 0, null);
        for (ProgramImage image : List.of(fentry, lsm)) {
            BpfPermissionException e = assertThrows(BpfPermissionException.class, () -> LoadedProgram.load(image).close(),
                    image.name() + " loaded: this kernel is expected to refuse it");
            assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
            assertTrue(e.getMessage().contains(image.name()), e.getMessage());
        }
    }

    @Test
    void tracingAttachNeedsATracingProgram() {
        try (KernelMap counts = counters("t_tr_cnt", 1);
             LoadedProgram prog = load("t_not_fentry", KPROBE, everyRun(counts.fd().get(), 0))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Attach.tracing(prog));
            assertTrue(e.getMessage().contains("needs a tracing (fentry/fexit/tp_btf) or LSM program"), e.getMessage());
        }
    }
}
