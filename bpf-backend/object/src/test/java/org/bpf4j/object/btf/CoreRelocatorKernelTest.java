package org.bpf4j.object.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoreRelocator against libbpf on the running kernel: bpftool loads core_relos.o (libbpf applies
 * its CO-RE relocations against /sys/kernel/btf/vmlinux and logs every decision with -d), and
 * each of our results must equal libbpf's.
 */
@KernelTest
class CoreRelocatorKernelTest {
    private static final Pattern PATCHED = Pattern.compile(
            "relo #(\\d+): patched insn #\\d+ \\([^)]*\\) (?:imm|off|imm64) (-?\\d+) -> (-?\\d+)");
    private static final Pattern POISONED = Pattern.compile("relo #(\\d+): substituting insn #\\d+ w/ invalid insn");
    private static final Pattern MATCHED = Pattern.compile(
            "relo #(\\d+): matching candidate #0 <[^>]+> \\[\\d+\\] [^(]*\\(([0-9:]+) @");
    private static final Path BPFFS = Path.of("/sys/fs/bpf");

    @Test
    void resolvesEveryRelocationAsLibbpfDoes(@TempDir Path dir) throws Exception {
        Prerequisites.require("kernel BTF at " + KernelBtf.VMLINUX, Files.isReadable(KernelBtf.VMLINUX));
        Prerequisites.require("bpffs mounted writable at " + BPFFS, Files.isWritable(BPFFS));
        Path object = dir.resolve("core_relos.o");
        Files.write(object, ClangBlobs.resource("core_relos.o"));
        String log = libbpfLog(object);

        Btf btf = Btf.parse(ClangBlobs.btf("core_relos"));
        List<BtfExt.CoreRelo> relos = BtfExt.parse(ClangBlobs.ext("core_relos"), btf).coreRelos().get(0).records();
        CoreRelocator relocator = new CoreRelocator(btf, KernelBtf.vmlinux().btf());
        Map<Integer, long[]> patched = new HashMap<>();
        for (Matcher m = PATCHED.matcher(log); m.find(); ) {
            patched.put(Integer.parseInt(m.group(1)), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        Map<Integer, String> access = new HashMap<>();
        for (Matcher m = MATCHED.matcher(log); m.find(); ) {
            access.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        int poisoned = 0;
        for (Matcher m = POISONED.matcher(log); m.find(); ) {
            int index = Integer.parseInt(m.group(1));
            assertTrue(relocator.resolve(relos.get(index)).poisoned(), "relo #" + index + " should be poisoned");
            poisoned++;
        }
        assertEquals(1, poisoned, "the guarded read of a field the kernel lacks");
        assertEquals(relos.size(), patched.size() + poisoned, "every relocation is in libbpf's log:\n" + log);
        for (Map.Entry<Integer, long[]> e : patched.entrySet()) {
            BtfExt.CoreRelo relo = relos.get(e.getKey());
            CoreResult ours = relocator.resolve(relo);
            String what = "relo #" + e.getKey() + " " + relo;
            if (!isBitfield(btf, relo)) {
                // For everything but bitfields libbpf insists that the instruction holds our local value.
                assertEquals(e.getValue()[0], ours.localValue(), what + " local value");
            }
            assertEquals(e.getValue()[1], ours.targetValue(), what + " target value");
            if (access.containsKey(e.getKey())) {
                assertEquals(access.get(e.getKey()), ours.targetAccess(), what + " target access");
            }
        }
    }

    /** libbpf checks the compiler's value against its own except for bitfields, where they legitimately differ. */
    private static boolean isBitfield(Btf btf, BtfExt.CoreRelo relo) {
        String[] path = relo.accessString().split(":");
        int id = relo.typeId();
        BtfType.Member member = null;
        for (int i = 1; i < path.length; i++) {
            BtfType t = btf.type(btf.skipModifiers(id));
            if (!(t instanceof BtfType.Composite)) {
                return false;
            }
            member = ((BtfType.Composite) t).members().get(Integer.parseInt(path[i]));
            id = member.type();
        }
        return member != null && member.bitfieldSize() != 0;
    }

    /** Loads the object with bpftool -d into a fresh bpffs directory, removes it, returns libbpf's log. */
    private static String libbpfLog(Path object) throws IOException {
        Path pins = BPFFS.resolve("bpf4j-btf-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            // libbpf's debug log goes to stderr.
            return ExternalProcess.run(ExternalProcess.DEFAULT_TIMEOUT, Prerequisites.requireTool("bpftool").toString(),
                    "-d", "prog", "loadall", object.toString(), pins.toString()).orFail().output();
        } finally {
            if (Files.exists(pins)) {
                try (Stream<Path> files = Files.walk(pins)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
