package org.bpf4j.runtime.attach;

import static org.bpf4j.object.isa.Insn.*;
import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.BpfUnsupportedException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.load.ProgramImage;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.junit.jupiter.api.Test;

/**
 * The kinds some kernels refuse: kprobes (CONFIG_KPROBES off) and fentry/fexit/fmod_ret/LSM (loads refused
 * with EPERM), as on the host's test kernel. Where the runtime's probe finds the kernel refuses
 * them, the runtime must say so plainly; where it finds them (Debian's 6.1 in CI's VM), they attach
 * and count real calls of {@code do_unlinkat}, made by deleting a file.
 */
@KernelTest
class RefusedKindsTest {
    static final int FENTRY = 24, MODIFY_RETURN = 26, LSM_MAC = 27;

    @Test
    void kprobesReportTheMissingKernelSupportOrCountUnlinks() throws Exception {
        try (KernelMap counts = counters("t_kp_cnt", 1);
             LoadedProgram prog = load("t_kprobe", KPROBE, everyRun(counts.fd().get(), 0))) {
            LoadedProgram fromSection = new LoadedProgram(prog.fd(), "t_kprobe", "kprobe/do_unlinkat", KPROBE, 0);
            assertTrue(Attach.hasTargetInSection(fromSection));
            if (FeatureProbes.probePmu("kprobe")) {
                try (Link entry = Attach.kprobe(prog, "do_unlinkat");
                     Link exit = Attach.kretprobe(prog, "do_unlinkat");
                     Link auto = Attach.auto(fromSection)) {
                    unlinkAFile();
                    assertTrue(Await.atLeast(3, () -> counter(counts, 0)) >= 3, "kprobe, kretprobe and auto each ran");
                }
                return;
            }
            var e = assertThrows(BpfUnsupportedException.class, () -> Attach.kprobe(prog, "do_unlinkat"));
            assertTrue(e.getMessage().startsWith("this kernel has no kprobe support (CONFIG_KPROBES off)"), e.getMessage());
            var r = assertThrows(BpfUnsupportedException.class, () -> Attach.kretprobe(prog, "do_unlinkat"));
            assertTrue(r.getMessage().contains("kretprobes cannot be attached"), r.getMessage());
            assertThrows(BpfUnsupportedException.class, () -> Attach.auto(fromSection));
        }
    }

    @Test
    void fentryFmodRetAndLsmLoadsAreRefusedClearlyOrCountUnlinks() throws Exception {
        KernelBtf vmlinux = KernelBtf.vmlinux();
        try (KernelMap counts = counters("t_trc_cnt", 1)) {
            List<Insn> countAndAllow = everyRun(counts.fd().get(), 0);
            ProgramImage fentry = new ProgramImage("t_fentry", TRACING, FENTRY, encode(countAndAllow), "GPL", 0,
                    new byte[0], new byte[0], vmlinux.functionId("do_unlinkat"), 0, null);
            ProgramImage fmodRet = new ProgramImage("t_fmod_ret", TRACING, MODIFY_RETURN, encode(countAndAllow), "GPL", 0,
                    new byte[0], new byte[0], vmlinux.functionId("security_path_unlink"), 0, null);
            ProgramImage lsm = new ProgramImage("t_lsm", LSM, LSM_MAC, encode(countAndAllow), "GPL", 0,
                    new byte[0], new byte[0], vmlinux.functionId("bpf_lsm_path_unlink"), 0, null);
            for (ProgramImage image : List.of(fentry, fmodRet, lsm)) {
                boolean loads = image == fmodRet ? FeatureProbes.modifyReturn() : FeatureProbes.programType(image.progType());
                if (loads) {
                    boolean runs = image != lsm || FeatureProbes.bpfLsm();
                    long before = counter(counts, 0);
                    try (LoadedProgram prog = LoadedProgram.load(image); Link link = Attach.tracing(prog)) {
                        unlinkAFile();
                        if (runs) assertTrue(Await.atLeast(before + 1, () -> counter(counts, 0)) > before, image.name() + " ran");
                    }
                } else {
                    BpfPermissionException e = assertThrows(BpfPermissionException.class,
                            () -> LoadedProgram.load(image).close(), image.name() + " loaded though the probe found it refused");
                    assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
                    assertTrue(e.getMessage().contains(image.name()), e.getMessage());
                }
            }
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

    /** One call of do_unlinkat (and of the LSM's path_unlink hook) by this process. */
    private static void unlinkAFile() throws IOException {
        Path file = Files.createTempFile("bpf4j-unlink", ".tmp");
        Files.delete(file);
    }
}
