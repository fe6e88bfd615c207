package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.VerifierException;
import org.junit.jupiter.api.Test;

/**
 * {@code __kconfig} and {@code __ksym} externs and kfunc calls of a clang object, resolved by our
 * loader and run (BPF_PROG_TEST_RUN of a {@code syscall} program); the expected values come
 * from {@code uname -r}, the kernel's configuration, {@code /proc/kallsyms}, vmlinux BTF and Java.
 * Kfunc {@value #TASK_FROM_PID} is used where the kernel has it (6.2+) and tested as missing
 * where it does not.
 */
@KernelTest
class ExternTest {
    /** A kfunc of 6.2+, with {@code bpf_task_release}; both weak in the programs so older kernels load them. */
    static final String TASK_FROM_PID = "bpf_task_from_pid";
    static final String PROGRAM = """
            #include "vmlinux.h"
            #include <bpf/bpf_helpers.h>

            extern int LINUX_KERNEL_VERSION __kconfig;
            extern bool LINUX_HAS_BPF_COOKIE __kconfig;
            extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
            extern bool CONFIG_BPF_SYSCALL __kconfig;
            extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
            extern char CONFIG_BPF_EVENTS __kconfig __weak;
            extern int CONFIG_HZ __kconfig __weak;
            extern unsigned long long CONFIG_NR_CPUS __kconfig __weak;
            extern char CONFIG_LOCALVERSION[24] __kconfig __weak;
            extern int CONFIG_BPF4J_NO_SUCH_OPTION __kconfig __weak;

            extern const void _stext __ksym;
            extern const int bpf4j_no_such_ksym __ksym __weak;

            extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym __weak;
            extern void bpf_task_release(struct task_struct *p) __ksym __weak;
            extern void bpf4j_no_such_kfunc(void) __ksym __weak;

            __u64 out[16];
            char version[24];

            SEC("syscall")
            int externs(__u64 *ctx)
            {
                out[0] = LINUX_KERNEL_VERSION;
                out[1] = LINUX_HAS_BPF_COOKIE;
                out[2] = CONFIG_BPF_SYSCALL;
                out[3] = CONFIG_BPF_JIT;
                out[4] = CONFIG_BPF_EVENTS;
                out[5] = CONFIG_HZ;
                out[6] = CONFIG_NR_CPUS;
                out[7] = CONFIG_BPF4J_NO_SUCH_OPTION;
                out[13] = LINUX_HAS_SYSCALL_WRAPPER;
                __builtin_memcpy(version, CONFIG_LOCALVERSION, sizeof(version));

                out[9] = (__u64)&_stext;
                out[10] = (__u64)&bpf4j_no_such_ksym;

                if (bpf_task_from_pid) {
                    struct task_struct *t = bpf_task_from_pid(ctx[0]);
                    if (t) {
                        out[11] = t->tgid;
                        bpf_task_release(t);
                    }
                }
                if (bpf4j_no_such_kfunc)      /* 0: the poisoned call is dead code */
                    bpf4j_no_such_kfunc();
                else
                    out[12] = 99;
                return 0;
            }

            SEC("syscall/reached")
            int reached(void *ctx)
            {
                bpf4j_no_such_kfunc();
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void kconfigKsymsAndKfuncsGetTheRunningKernelsValues() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("externs", PROGRAM);
        Map<String, String> config = kernelConfig();
        try (LoadedObject o = CoreRelocationTest.loadOnly(opened, "externs")) {
            long pid = ProcessHandle.current().pid();
            assertEquals(0, CoreRelocationTest.runRawTracepoint(o.program("externs"), pid));
            GlobalData bss = o.globals(".bss");
            long[] out = new long[16];
            for (int i = 0; i < out.length; i++) out[i] = bss.buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(i * 8);

            assertEquals(kernelVersion(ExternalProcess.stdoutOf("uname", "-r").strip()), out[0], "LINUX_KERNEL_VERSION");
            assertEquals(1, out[1], "this kernel has BPF cookies");
            assertEquals(1, out[2], "CONFIG_BPF_SYSCALL=y as bool");
            assertEquals(tristate(config.get("CONFIG_BPF_JIT")), out[3], "CONFIG_BPF_JIT as tristate");
            assertEquals(config.containsKey("CONFIG_BPF_EVENTS") ? config.get("CONFIG_BPF_EVENTS").charAt(0) : 0,
                    out[4], "CONFIG_BPF_EVENTS as char");
            assertEquals(Long.parseLong(config.getOrDefault("CONFIG_HZ", "0")), out[5], "CONFIG_HZ");
            assertEquals(Long.parseLong(config.getOrDefault("CONFIG_NR_CPUS", "0")), out[6], "CONFIG_NR_CPUS");
            assertEquals(0, out[7], "a missing weak CONFIG_ is 0");
            assertEquals(unquote(config.getOrDefault("CONFIG_LOCALVERSION", "\"\"")), cString(bss.getBytes("version")),
                    "CONFIG_LOCALVERSION as a string");
            assertEquals(kallsyms("_stext"), out[9], "typeless ksym _stext");
            assertEquals(0, out[10], "a missing weak ksym is at address 0");
            assertEquals(kernelHas(TASK_FROM_PID) ? pid : 0, out[11], "kfunc bpf_task_from_pid found this process,"
                    + " where the kernel has it");
            assertEquals(99, out[12], "a missing weak kfunc tests as 0");
            assertEquals(kallsymsHas("__x64_sys_bpf") || kallsymsHas("__arm64_sys_bpf") ? 1 : 0, out[13],
                    "LINUX_HAS_SYSCALL_WRAPPER");

            GlobalData kconfig = o.globals(".kconfig");
            assertEquals(out[5], kconfig.getInt("CONFIG_HZ"), "the .kconfig map is readable from Java");
        }
    }

    /**
     * A typed ksym becomes an ld_imm64 of the variable's vmlinux BTF id. This kernel lacks
     * CONFIG_KALLSYMS_ALL, so the kernel itself cannot find a variable's address and names it
     * from the id we passed: proof the id is the right one (libbpf fails the same way here).
     */
    @Test
    void aTypedKsymIsPassedByItsKernelBtfId() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("typed_ksym", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern const struct rq runqueues __ksym;
                __u64 out;
                SEC("syscall") int p(void *ctx)
                {
                    struct rq *rq = bpf_this_cpu_ptr(&runqueues);
                    out = rq->cpu == bpf_get_smp_processor_id();
                    return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        boolean allSymbols = "y".equals(kernelConfig().get("CONFIG_KALLSYMS_ALL"));
        if (allSymbols) {
            try (LoadedObject o = CoreRelocationTest.loadOnly(opened, "p")) {
                CoreRelocationTest.runRawTracepoint(o.program("p"), 0);
                assertEquals(1, o.globals(".bss").buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                        "this_cpu_ptr(&runqueues)->cpu is this CPU");
            }
        } else {
            VerifierException e = assertThrows(VerifierException.class,
                    () -> CoreRelocationTest.loadOnly(opened, "p").close());
            assertTrue(e.log().contains("kernel symbol 'runqueues'"), e.log());
        }
    }

    @Test
    void aReachedCallOfAMissingWeakKfuncIsRefusedNamingIt() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("externs_reached", PROGRAM);
        VerifierException e = assertThrows(VerifierException.class,
                () -> CoreRelocationTest.loadOnly(opened, "reached").close());
        assertTrue(e.getMessage().contains("bpf4j_no_such_kfunc"), e.getMessage());
    }

    /** The public path (BpfObjectFile, TestRun) with a kconfig extern and a syscall program's context written back. */
    @Test
    void anObjectFileWithExternsLoadsAndItsSyscallProgramWritesItsContext() throws Exception {
        Path object = VmlinuxObjects.compileToFile("public_path", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern int LINUX_KERNEL_VERSION __kconfig;
                SEC("syscall") int p(__u64 *ctx) { ctx[1] = LINUX_KERNEL_VERSION + ctx[0]; return 7; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        try (LoadedObject o = BpfObjectFile.open(object).load()) {
            byte[] ctx = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0, 5).array();
            TestRunResult r = o.program("p").testRun().context(ctx).run();
            assertEquals(7, r.retval());
            assertEquals(kernelVersion(ExternalProcess.stdoutOf("uname", "-r").strip()) + 5,
                    ByteBuffer.wrap(r.context()).order(ByteOrder.nativeOrder()).getLong(8));
        }
    }

    @Test
    void aMissingStrongExternFailsTheLoadNamingIt() throws Exception {
        ObjectReader.Opened config = VmlinuxObjects.compile("strong_kconfig", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern int CONFIG_BPF4J_NO_SUCH_OPTION __kconfig;
                int out;
                SEC("syscall") int p(void *ctx) { out = CONFIG_BPF4J_NO_SUCH_OPTION; return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        var e = assertThrows(BpfNotFoundException.class, () -> CoreRelocationTest.loadOnly(config, "p").close());
        assertTrue(e.getMessage().contains("CONFIG_BPF4J_NO_SUCH_OPTION"), e.getMessage());

        ObjectReader.Opened kfunc = VmlinuxObjects.compile("strong_kfunc", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern void bpf4j_no_such_kfunc(void) __ksym;
                SEC("syscall") int p(void *ctx) { bpf4j_no_such_kfunc(); return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        e = assertThrows(BpfNotFoundException.class, () -> CoreRelocationTest.loadOnly(kfunc, "p").close());
        assertTrue(e.getMessage().contains("bpf4j_no_such_kfunc"), e.getMessage());
    }

    @Test
    void aKfuncDeclaredWithAnotherPrototypeIsRefusedOrMissingWhenWeak() throws Exception {
        String source = """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern struct task_struct *bpf_task_from_pid(s32 pid, int extra) __ksym WEAK;
                extern void bpf_task_release(struct task_struct *p) __ksym __weak;
                __u64 out;
                SEC("syscall") int p(void *ctx)
                {
                    if (!bpf_task_from_pid) { out = 5; return 0; }
                    struct task_struct *t = bpf_task_from_pid(1, 2);
                    if (t) bpf_task_release(t);
                    return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """;
        ObjectReader.Opened strong = VmlinuxObjects.compile("kfunc_proto", source.replace("WEAK", ""));
        BpfException e = assertThrows(BpfException.class, () -> CoreRelocationTest.loadOnly(strong, "p").close());
        assertTrue(e.getMessage().contains(TASK_FROM_PID), e.getMessage());
        assertTrue(e.getMessage().contains(kernelHas(TASK_FROM_PID) ? "incompatible" : "is not in the running kernel's BTF"),
                e.getMessage());

        ObjectReader.Opened weak = VmlinuxObjects.compile("kfunc_proto_weak", source.replace("WEAK", "__weak"));
        try (LoadedObject o = CoreRelocationTest.loadOnly(weak, "p")) {
            CoreRelocationTest.runRawTracepoint(o.program("p"), 0);
            assertEquals(5, o.globals(".bss").buffer().order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        }
    }

    @Test
    void aConfigValueOfTheWrongTypeFailsTheLoadNamingIt() throws Exception {
        ObjectReader.Opened opened = VmlinuxObjects.compile("kconfig_type", """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                extern int CONFIG_BPF_SYSCALL __kconfig;   /* =y: libbpf wants bool, tristate or char */
                int out;
                SEC("syscall") int p(void *ctx) { out = CONFIG_BPF_SYSCALL; return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        BpfException e = assertThrows(BpfException.class, () -> CoreRelocationTest.loadOnly(opened, "p").close());
        assertTrue(e.getMessage().contains("CONFIG_BPF_SYSCALL") && e.getMessage().contains("bool, tristate or char"),
                e.getMessage());
    }

    private static long kernelVersion(String release) {
        String[] v = release.split("[.-]");
        return Long.parseLong(v[0]) << 16 | Long.parseLong(v[1]) << 8 | Math.min(255, Long.parseLong(v[2]));
    }

    private static long tristate(String value) {
        return value == null || value.equals("n") ? 0 : value.equals("y") ? 1 : 2;
    }

    private static String unquote(String s) {
        return s.substring(1, s.length() - 1);
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) n++;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean kernelHas(String function) {
        return KernelBtf.vmlinux().btf().findId(function, BtfKind.FUNC).isPresent();
    }

    /** Where libbpf reads it: /proc/config.gz (CONFIG_IKCONFIG_PROC), else /boot/config-$(uname -r), as Debian ships it. */
    private static Map<String, String> kernelConfig() throws Exception {
        Path proc = Path.of("/proc/config.gz");
        String text = Files.exists(proc)
                ? gunzip(proc)
                : Files.readString(Path.of("/boot/config-" + ExternalProcess.stdoutOf("uname", "-r").strip()));
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("CONFIG_") && eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean kallsymsHas(String symbol) throws Exception {
        try {
            return kallsyms(symbol) != 0;
        } catch (AssertionError e) {
            return false;
        }
    }

    private static long kallsyms(String symbol) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[2].equals(symbol)) return Long.parseUnsignedLong(f[0], 16);
        }
        throw new AssertionError(symbol + " is not in /proc/kallsyms");
    }
}
