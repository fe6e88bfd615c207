package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trampoline programs: their attach target is resolved in the kernel's BTF (parsing it takes seconds). */
@KernelTest
class TracingLoadTest {
    @TempDir
    Path dir;

    @Test
    void kernelRefusalOfFentryIsReportedClearly() throws Exception {
        Path obj = ClangObjects.compile("fentry", """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("fentry/do_unlinkat")
                int on_unlink(void *ctx) { return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """, dir);
        // This kernel refuses trampolines (EPERM); elsewhere the program simply loads.
        try (LoadedObject o = BpfObjectFile.open(obj).load()) {
            assertEquals(26, o.program("on_unlink").type());
        } catch (BpfPermissionException e) {
            assertTrue(e.getMessage().contains("on_unlink") && e.getMessage().contains("EPERM"), e.getMessage());
            assertTrue(e.getMessage().contains("CAP_BPF"), e.getMessage());
        }
        Path missing = ClangObjects.compile("fentry_missing", """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("fentry/no_such_kernel_function_bpf4j")
                int on_nothing(void *ctx) { return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """, dir);
        var e = assertThrows(BpfNotFoundException.class, () -> BpfObjectFile.open(missing).load());
        assertTrue(e.getMessage().contains("no_such_kernel_function_bpf4j"), e.getMessage());
    }
}
