package org.bpf4j.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Sys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's defects found by hand: left-behind pins, the growing verifier log, rewritten names, vague errors. */
@KernelTest
class LoaderDefectsTest {
    @TempDir
    Path dir;

    /** A pinned map and a program the verifier rejects (it reads an uninitialized register). */
    static final String PINNED_THEN_REJECTED = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64);
                     __uint(max_entries, 1); __uint(pinning, LIBBPF_PIN_BY_NAME); } bpf4j_ld_pin SEC(".maps");

            SEC("socket")
            int rejected(struct __sk_buff *skb) {
                __u32 k = 0;
                __u64 *v = bpf_map_lookup_elem(&bpf4j_ld_pin, &k);
                return *v; /* no null check */
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** A loop the verifier must walk a million instructions through: it gives up (E2BIG). */
    static final String EXHAUSTS_THE_VERIFIER = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            SEC("socket")
            int endless(struct __sk_buff *skb) {
                __u64 x = skb->len;
                for (int i = 0; i < 1000000; i++) {
                    if (x & 1) x = x * 3 + 1; else x /= 2;
                }
                return x;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void aFailedLoadRemovesThePinsItMade() throws Exception {
        Path pin = Path.of("/sys/fs/bpf/bpf4j_ld_pin");
        Files.deleteIfExists(pin);
        BpfObjectFile f = BpfObjectFile.open(ClangObjects.compile("pinned", PINNED_THEN_REJECTED, dir));
        try {
            assertThrows(VerifierException.class, f::load);
            assertFalse(Files.exists(pin), "the failed load's pin is removed");
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void aProgramExhaustingTheVerifierIsLoadedTwiceNotEightTimes() throws Exception {
        BpfObjectFile f = BpfObjectFile.open(ClangObjects.compile("endless", EXHAUSTS_THE_VERIFIER, dir));
        long t0 = System.nanoTime();
        VerifierException e = assertThrows(VerifierException.class, f::load);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // 6.1 gives up on the jump history with EFAULT ("sequence of 8193 jumps is too complex"),
        // later kernels on the instruction budget with E2BIG
        assertTrue(e.errno() == Errno.E2BIG || e.errno() == Errno.EFAULT, e.getMessage());
        assertTrue(e.getMessage().contains("too complex") || e.getMessage().contains("too large"), e.getMessage());
        assertTrue(ms < 8000, "one retry with a log, not a growing log: " + ms + " ms");
    }

    @Test
    void mapNamesTheKernelWouldChangeAreRefused() {
        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
                () -> KernelMap.create("a/b", MapKind.ARRAY, 4, 8, 1, 0));
        assertTrue(slash.getMessage().contains("'a/b'"), slash.getMessage());
        String longName = "m".repeat(300);
        assertThrows(IllegalArgumentException.class, () -> KernelMap.create(longName, MapKind.ARRAY, 4, 8, 1, 0));
        KernelMap.create("fifteen_chars_x", MapKind.ARRAY, 4, 8, 1, 0).close();
    }

    @Test
    void anArrayIndexOutOfRangeIsNotAFullMap() {
        try (KernelMap m = KernelMap.create("ld_array", MapKind.ARRAY, 4, 8, 4, 0)) {
            BpfException e = assertThrows(BpfException.class, () -> m.update(new byte[] {7, 0, 0, 0}, new byte[8]));
            assertEquals(Errno.E2BIG, e.errno());
            assertTrue(e.getMessage().contains("index 7 is out of range"), e.getMessage());
            assertFalse(e.getMessage().contains("full"), e.getMessage());
        }
    }

    @Test
    void permissionErrorsNameRootAndTheCapabilities() {
        BpfException e = Sys.error("PROG_LOAD", Errno.EPERM, "program 'p'");
        assertInstanceOf(BpfPermissionException.class, e);
        for (String s : new String[] {"root", "CAP_BPF", "CAP_NET_ADMIN", "CAP_PERFMON"}) {
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
    }

    /**
     * The reproducer: without the capabilities, loading an object with BTF failed as "the kernel
     * rejected the BTF". Now the first refused command (BTF_LOAD) says to run as root or grant
     * the capabilities. The load runs in a child JVM whose capability sets lack CAP_BPF and
     * CAP_SYS_ADMIN (with the machine's default kernel.unprivileged_bpf_disabled, bpf(2) then
     * refuses every command with EPERM).
     */
    @Test
    void aLoadWithoutTheCapabilitiesSaysSoInsteadOfBlamingTheBtf() throws Exception {
        Prerequisites.requireTool("setpriv");
        Path object = ClangObjects.compile("features", FuzzCorpus.FEATURES, dir);
        String dropped = "-bpf,-sys_admin,-perfmon,-net_admin";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = ExternalProcess.run(Duration.ofSeconds(60), List.of("setpriv", "--bounding-set=" + dropped,
                "--inh-caps=" + dropped, "--", java, "-cp", System.getProperty("java.class.path"),
                LoadWithoutCapabilities.class.getName(), object.toString())).orFail().stdout().strip();
        assertTrue(out.startsWith("BpfPermissionException: "), out);
        for (String s : new String[] {"root", "CAP_BPF", "object 'features'"}) assertTrue(out.contains(s), out);
        assertFalse(out.contains("rejected the BTF"), out);
    }
}
