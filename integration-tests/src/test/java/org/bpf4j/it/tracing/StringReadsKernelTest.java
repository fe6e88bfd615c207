package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StringReads} sees a child of this JVM exec a copy of {@code true} under a name of the
 * test's: the file name exec was given ({@code bprm->filename}, direct loads) is the path the test
 * passed, the name of the file the child runs ({@code ...->d_name.name}, probe reads) the copy's
 * name, and the file name again through a viewed pointer; libbpf relocates the object to the same
 * translated code as our loader.
 */
@KernelTest
class StringReadsKernelTest {
    @Test
    void readsTheStringsBehindCharPointers(@TempDir Path tmp) throws Exception {
        Path program = tmp.resolve("bpf4j-strings-true");
        Files.copy(Path.of("/bin/true"), program);
        assertTrue(program.toFile().setExecutable(true));
        int self = (int) ProcessHandle.current().pid();
        try (StringReadsSkeleton skeleton = StringReadsSkeleton.open().parent(self).load().attach()) {
            Process child = new ProcessBuilder(program.toString()).start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), program + " finished");
            int pid = (int) child.pid();
            StringReads.Names filename = skeleton.filenames().get(pid);
            assertNotNull(filename, "tp_btf saw child " + pid + " exec");
            assertEquals(program.toString(), text(filename), "bprm->filename");
            assertEquals(program.toString().length() + 1, filename.length, "bpf_probe_read_kernel_str counts the NUL");
            StringReads.Names viewed = skeleton.viewed().get(pid);
            assertNotNull(viewed, "execViewed saw child " + pid + " exec");
            assertEquals(program.toString(), text(viewed), "((struct linux_binprm *) bprm)->filename");
            StringReads.Names executable = skeleton.executables().get(pid);
            assertNotNull(executable, "the tracepoint saw child " + pid + " exec");
            assertEquals("bpf4j-strings-true", text(executable), "mm->exe_file->f_path.dentry->d_name.name");
        }
    }

    @Test
    void libbpfRelocatesTheStringReadsAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (StringReadsSkeleton ours = StringReadsSkeleton.load()) {
            var dumps = ToolObjects.sameTranslatedCode(StringReadsSkeleton.class, StringReadsSkeleton.RESOURCE, ours,
                    p -> (switch (p) {
                        case "exec" -> ours.exec();
                        case "execViewed" -> ours.execViewed();
                        default -> ours.execTyped();
                    }).info().id(), List.of("exec", "execTyped", "execViewed"), tmp);
            assertTrue(dumps.get("exec").contains("call bpf_probe_read_kernel#"), dumps.get("exec"));
            assertTrue(dumps.get("execViewed").contains("call bpf_probe_read_kernel#"), dumps.get("execViewed"));
            assertFalse(dumps.get("execTyped").contains("call bpf_probe_read_kernel#"), dumps.get("execTyped"));
        }
    }

    private static String text(StringReads.Names n) {
        int end = 0;
        while (end < n.name.length && n.name[end] != 0) end++;
        return new String(n.name, 0, end, StandardCharsets.UTF_8);
    }
}
