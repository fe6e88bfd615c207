package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.attach.Attach;
import org.bpf4j.runtime.attach.Link;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs on kernel functions, compiled by our processor, with real calls by this test: kprobe and
 * kretprobe, fentry and fexit on {@code do_unlinkat}, an LSM program that refuses a mkdir and an
 * fmod_ret program that makes a chmod fail (the last three with typed parameters). The
 * host's kernel refuses these kinds (no kprobe PMU; tracing and LSM loads get EPERM): there the
 * tests skip, by the runtime's probes, even under BPF4J_REQUIRE_KERNEL=1; CI runs them on 6.1.
 */
@KernelTest
class KernelHooksKernelTest {
    static final int AT_FDCWD = -100, ENOENT = 2;
    static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void kprobeAndKretprobeSeeTheDirectoryFdAndTheResultOfUnlinks() throws Exception {
        Prerequisites.requireKernelSupport("kprobes (no kprobe PMU: CONFIG_KPROBES off)", FeatureProbes.probePmu("kprobe"));
        BpfObjectFile file = open(UnlinkProbes.class);
        file.rodata().setLong("tgid", PID);
        try (LoadedObject o = file.load();
             Link entry = Attach.auto(o.program("entry"));
             Link exit = Attach.auto(o.program("exit"))) {
            unlinkThenUnlinkAgain();
            GlobalData bss = o.globals(".bss");
            assertEquals(2, bss.getLong("entries"));
            assertEquals(AT_FDCWD, (int) bss.getLong("lastDirFd"), "unlink(2) is unlinkat(AT_FDCWD, ...)");
            assertEquals(2, bss.getLong("returns"));
            assertEquals(-ENOENT, (int) bss.getLong("lastResult"), "the second unlink found nothing");
        }
    }

    @Test
    void fentryAndFexitSeeTheArgumentAndTheReturnValueOfUnlinks() throws Exception {
        Prerequisites.requireKernelSupport("fentry/fexit programs (tracing loads refused)",
                FeatureProbes.programType(ProgramType.FENTRY.kernelProgType()));
        BpfObjectFile file = open(UnlinkTrampolines.class);
        file.rodata().setLong("tgid", PID);
        try (LoadedObject o = file.load();
             Link entry = Attach.auto(o.program("entry"));
             Link exit = Attach.auto(o.program("exit"))) {
            unlinkThenUnlinkAgain();
            GlobalData bss = o.globals(".bss");
            assertEquals(2, bss.getLong("entries"));
            assertEquals(AT_FDCWD, (int) bss.getLong("lastDirFd"));
            assertEquals(dir.resolve("gone").toString(), name(bss, "lastName"), "read from the typed struct filename argument");
            assertEquals(2, bss.getLong("exits"));
            assertEquals(-ENOENT, (int) bss.getLong("lastResult"), "fexit's return value slot");
        }
    }

    @Test
    void anLsmProgramRefusesTheMkdirItGuardsUntilDetached() throws Exception {
        Prerequisites.requireKernelSupport("BPF LSM programs (loads refused, or bpf not in lsm=)", FeatureProbes.bpfLsm());
        BpfObjectFile file = open(MkdirGuard.class);
        file.rodata().setLong("tgid", PID);
        file.rodata().setInt("deniedMode", 0705); // kept whole by the usual umasks (022, 002, 0)
        try (LoadedObject o = file.load()) {
            try (Link guard = Attach.auto(o.program("refuseMode"))) {
                FileSystemException e = assertThrows(FileSystemException.class,
                        () -> Files.createDirectory(dir.resolve("refused"), mode("rwx---r-x")));
                assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
                Files.createDirectory(dir.resolve("allowed"), mode("rwxr-xr-x"));
                assertEquals(1, o.globals(".bss").getLong("denials"));
            }
            Files.createDirectory(dir.resolve("refused"), mode("rwx---r-x"));
        }
    }

    @Test
    void anFmodRetProgramReplacesTheReturnValueOfTheChmodItRefuses() throws Exception {
        Prerequisites.requireKernelSupport("fmod_ret programs (tracing loads refused)", FeatureProbes.modifyReturn());
        Path file = Files.createFile(dir.resolve("guarded"));
        try (ChmodRefusalSkeleton skeleton = ChmodRefusalSkeleton.open().tgid(PID).deniedMode(0705).load()) {
            try (ChmodRefusalSkeleton attached = skeleton.attach()) {
                FileSystemException e = assertThrows(FileSystemException.class,
                        () -> Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx---r-x")));
                assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
                assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        "a call the program returns 0 for runs the function");
                assertEquals(2, skeleton.calls());
                assertEquals(1, skeleton.refusals());
                assertEquals(0, skeleton.lastRet(), "no fmod_ret program ran before this one");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx---r-x"));
            assertEquals("rwx---r-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "detached");
        }
    }

    @Test
    void libbpfLoadsTheFmodRetObjectAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        Prerequisites.requireKernelSupport("fmod_ret programs (tracing loads refused)", FeatureProbes.modifyReturn());
        try (ChmodRefusalSkeleton ours = ChmodRefusalSkeleton.load()) {
            ToolObjects.sameTranslatedCode(ChmodRefusalSkeleton.class, ChmodRefusalSkeleton.RESOURCE, ours,
                    p -> ours.refuse().info().id(), List.of("refuse"), tmp);
        }
    }

    private static BpfObjectFile open(Class<?> programs) {
        return BpfObjectFile.openResource(programs, "/META-INF/bpf/" + programs.getName() + ".bpf.o");
    }

    /** Two calls of unlink(2) (java.io.File.delete, unlike Files.delete, calls it without looking first). */
    private void unlinkThenUnlinkAgain() throws Exception {
        File gone = Files.createFile(dir.resolve("gone")).toFile();
        assertTrue(gone.delete());
        assertFalse(gone.delete());
    }

    /** The NUL-terminated string in a byte array global. */
    private static String name(GlobalData data, String variable) {
        StringBuilder s = new StringBuilder();
        for (int at = data.offset(variable); data.getByte(at) != 0; at++) {
            s.append((char) data.getByte(at));
        }
        return s.toString();
    }

    private static FileAttribute<?> mode(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
