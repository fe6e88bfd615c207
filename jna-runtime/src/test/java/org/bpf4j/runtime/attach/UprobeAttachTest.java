package org.bpf4j.runtime.attach;

import static org.bpf4j.runtime.attach.TestPrograms.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uprobes on a function of a binary the test builds with gcc, counting its calls. */
@KernelTest
class UprobeAttachTest {
    static final String FUNCTION = "bpf4j_probe_target";
    static Path dir;
    static Path binary;

    @BeforeAll
    static void buildTarget() throws IOException {
        dir = Files.createTempDirectory("bpf4j-uprobe");
        Path source = dir.resolve("probe_target.c");
        try (InputStream in = UprobeAttachTest.class.getResourceAsStream("/attach/probe_target.c")) {
            Files.copy(in, source);
        }
        binary = dir.resolve("probe_target");
        ExternalProcess.stdoutOf("gcc", "-O2", "-o", binary.toString(), source.toString());
    }

    @AfterAll
    static void removeTarget() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Test
    void symbolResolvesToTheOffsetObjdumpShows() {
        long offset = UprobeTarget.fileOffset(binary, FUNCTION);
        String symbols = ExternalProcess.stdoutOf("objdump", "-t", binary.toString());
        String line = symbols.lines().filter(l -> l.endsWith(" " + FUNCTION)).findFirst().orElseThrow();
        long address = Long.parseLong(line.substring(0, 16), 16);
        // gcc's PIE puts .text in a segment whose file offset equals its address
        assertEquals(address, offset);
        var e = assertThrows(BpfNotFoundException.class, () -> UprobeTarget.fileOffset(binary, "no_such_function"));
        assertTrue(e.getMessage().contains("'no_such_function' is not defined in " + binary), e.getMessage());
    }

    @Test
    void bareNamesResolveToLibrariesAndPrograms() {
        Path libc = UprobeTarget.resolveBinary("libc.so.6");
        assertTrue(Files.isRegularFile(libc), libc.toString());
        assertTrue(UprobeTarget.fileOffset(libc, "getpid") > 0);
        assertEquals(Path.of("/x/y"), UprobeTarget.resolveBinary("/x/y"));
        assertTrue(UprobeTarget.resolveBinary("bash").endsWith("bash"));
        var e = assertThrows(BpfNotFoundException.class, () -> UprobeTarget.resolveBinary("libnosuch.so.9"));
        assertTrue(e.getMessage().contains("'libnosuch.so.9'"), e.getMessage());
    }

    @Test
    void uprobeAndUretprobeCountEveryCall() {
        try (KernelMap entries = counters("t_up_cnt", 1);
             KernelMap returns = counters("t_uret_cnt", 1);
             LoadedProgram onEntry = load("t_uprobe", KPROBE, everyRun(entries.fd().get(), 0));
             LoadedProgram onReturn = load("t_uretprobe", KPROBE, everyRun(returns.fd().get(), 0))) {
            try (Link entry = Attach.uprobe(onEntry, binary, FUNCTION);
                 Link ret = Attach.uretprobe(onReturn, binary, FUNCTION)) {
                assertTrue(entry.isBpfLink(), entry.description());
                ExternalProcess.stdoutOf(binary.toString(), "7");
                ExternalProcess.stdoutOf(binary.toString(), "5");
                assertEquals(12, counter(entries, 0));
                assertEquals(12, counter(returns, 0));
            }
            ExternalProcess.stdoutOf(binary.toString(), "3");
            assertEquals(12, counter(entries, 0), "detached on close");
        }
    }

    @Test
    void uprobeForOnePidCountsOnlyThatProcess() throws Exception {
        try (KernelMap entries = counters("t_up_pid", 1);
             LoadedProgram prog = load("t_uprobe_pid", KPROBE, everyRun(entries.fd().get(), 0))) {
            Process target = new ProcessBuilder(binary.toString(), "6", "wait").start();
            try (Link link = Attach.uprobe(prog, binary, FUNCTION, 0, false, (int) target.pid())) {
                assertTrue(link.description().contains("in pid " + target.pid()), link.description());
                ExternalProcess.stdoutOf(binary.toString(), "9");                  // another process: not counted
                target.getOutputStream().write('\n');
                target.getOutputStream().close();
                assertEquals(0, target.waitFor());
                assertEquals(6, counter(entries, 0));
            } finally {
                target.destroy();
            }
        }
    }

    @Test
    void autoAttachParsesBinaryFunctionTargets() {
        try (KernelMap entries = counters("t_up_cnt2", 1);
             LoadedProgram loaded = load("t_uprobe2", KPROBE, everyRun(entries.fd().get(), 0))) {
            LoadedProgram fromSection = new LoadedProgram(loaded.fd(), "t_uprobe2", "uprobe", KPROBE, 0);
            try (Link link = Attach.auto(fromSection, binary + ":" + FUNCTION)) {
                ExternalProcess.stdoutOf(binary.toString(), "4");
                assertEquals(4, counter(entries, 0));
            }
            var bad = assertThrows(IllegalArgumentException.class, () -> Attach.auto(fromSection, FUNCTION));
            assertTrue(bad.getMessage().contains("/path/binary:function"), bad.getMessage());
        }
    }
}
