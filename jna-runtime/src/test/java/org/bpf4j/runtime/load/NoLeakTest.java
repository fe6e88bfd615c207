package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and closing must release every fd and mapping (the kernel's time dominates: ~5-10 ms per load). */
@KernelTest
class NoLeakTest {
    @TempDir
    Path dir;

    @Test
    void openingAndClosingThousandObjectsLeaksNoFileDescriptors() throws Exception {
        Path obj = ClangObjects.compile("globals", ObjectLoaderTest.GLOBALS_AND_CALLS, dir);
        byte[] bytes = Files.readAllBytes(obj);
        BpfObjectFile.open(bytes, "warmup").load().close();
        long fds = openFds(), maps = mappings();
        for (int i = 0; i < 1000; i++) {
            try (LoadedObject o = BpfObjectFile.open(bytes, "leak").load()) {
                assertEquals(2, o.programs().size());
                o.globals(".bss").setLong("seen", i);
                if (i == 0) {
                    assertTrue(mappings() >= maps + 3, "global data is mapped while loaded");
                    assertTrue(openFds() >= fds + 7, "maps, programs and BTF are open while loaded");
                }
            }
        }
        assertEquals(fds, openFds(), "open file descriptors");
        assertEquals(maps, mappings(), "memory mappings of global data");
    }

    /**
     * Descriptors of kernel objects (anon inodes: bpf-map, bpf-prog, btf, eventpoll). Counting
     * all of /proc/self/fd would also count jar files the JVM opens lazily meanwhile.
     */
    private static long openFds() throws Exception {
        long n = 0;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : s.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("anon_inode:")) n++;
                } catch (java.io.IOException gone) {
                    // the directory listing's own descriptor is closed by now
                }
            }
        }
        return n;
    }

    /** Mappings of BPF maps in this process (their lines in /proc/self/maps name "bpf-map"). */
    private static long mappings() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("bpf")).count();
    }
}
