package org.bpf4j.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.it.kernel.TaskReads.Exec;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.KernelBtf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TaskReads} sees a child of this JVM exec: its parent's tgid read through
 * {@code task->real_parent} is this JVM's pid, its {@code comm} the new program's name, a guarded
 * read of a member no kernel has takes the fallback, and the sizes come from this kernel's BTF —
 * in a tracepoint (probe reads) and in {@code tp_btf} (direct loads). libbpf applies the same
 * core_relo records: {@code bpftool prog loadall} gives the same translated code as our loader.
 */
@KernelTest
class TaskReadsKernelTest {
    private static final Pattern MAP_ID = Pattern.compile("map\\[id:(\\d+)\\]");

    @Test
    void readsTheParentAndCommOfAChildThroughCoRe() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        try (TaskReadsSkeleton skeleton = TaskReadsSkeleton.open().parent(self).load().attach()) {
            Process child = new ProcessBuilder("/bin/true").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "/bin/true finished");
            int pid = (int) child.pid();
            long taskSize = KernelBtf.vmlinux().btf().sizeOf(KernelBtf.vmlinux().findType("task_struct", BtfKind.STRUCT).getAsInt());

            Exec probed = skeleton.probed().get(pid);
            assertNotNull(probed, "the tracepoint saw child " + pid + " exec");
            assertEquals(pid, probed.pid);
            assertEquals(self, probed.ppid, "task->real_parent->tgid is this JVM");
            assertEquals("true", comm(probed), "comm after exec");
            assertEquals(5, probed.commLength, "bpf_probe_read_kernel_str counts the NUL");
            assertEquals(-1, probed.imagined, "the guard on a member no kernel has takes the fallback");
            assertEquals(4, probed.tgidSize, "sizeof(task->tgid)");
            assertEquals(taskSize, probed.taskSize, "sizeof(struct task_struct) on this kernel");
            assertEquals(3, probed.sidType, "PIDTYPE_SID is 3 in the kernel, 0 in the declaration");
            assertEquals(0, probed.imaginedType, "no kernel has BPF4J_NO_SUCH_PIDTYPE");

            Exec typed = skeleton.typed().get(pid);
            assertNotNull(typed, "tp_btf saw child " + pid + " exec");
            assertEquals(pid, typed.pid);
            assertEquals(self, typed.ppid);
            assertEquals(pid, typed.oldPid, "old_pid: exec keeps the pid of a single-threaded process");
            assertEquals(1, typed.argc, "bprm->argc of /bin/true");
            assertEquals("true", comm(typed));
        }
    }

    @Test
    void libbpfAppliesOurCoreRelocationsAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        String bpftool = Prerequisites.requireTool("bpftool").toString();
        Path object = tmp.resolve("task_reads.bpf.o");
        try (InputStream in = TaskReadsSkeleton.class.getResourceAsStream(TaskReadsSkeleton.RESOURCE)) {
            Files.copy(in, object);
        }
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-core-" + UUID.randomUUID());
        try (TaskReadsSkeleton ours = TaskReadsSkeleton.load()) {
            ExternalProcess.stdoutOf(bpftool, "prog", "loadall", object.toString(), pins.toString());
            for (String program : new String[] {"exec", "execTyped"}) {
                String libbpf = xlated(bpftool, "pinned", pins.resolve(program).toString());
                int id = (program.equals("exec") ? ours.exec() : ours.execTyped()).info().id();
                String mine = xlated(bpftool, "id", Integer.toString(id));
                assertTrue(libbpf.contains("call bpf_probe_read_kernel_str") , libbpf);
                assertEquals(libbpf, mine, program + ": translated code after libbpf's and our CO-RE relocation");
            }
        } finally {
            ExternalProcess.stdoutOf("rm", "-rf", pins.toString());
        }
    }

    private static String comm(Exec e) {
        int n = 0;
        while (n < e.comm.length && e.comm[n] != 0) n++;
        return new String(e.comm, 0, n, StandardCharsets.UTF_8);
    }

    /** bpftool's translated code with map ids numbered in order of appearance. */
    private static String xlated(String bpftool, String how, String which) {
        String dump = ExternalProcess.stdoutOf(bpftool, "prog", "dump", "xlated", how, which);
        Map<String, Integer> numbers = new HashMap<>();
        Matcher m = MAP_ID.matcher(dump);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = numbers.computeIfAbsent(m.group(1), id -> numbers.size() + 1);
            m.appendReplacement(out, "map[#" + n + "]");
        }
        m.appendTail(out);
        return out.toString();
    }
}
