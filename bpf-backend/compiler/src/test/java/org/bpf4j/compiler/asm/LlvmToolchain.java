package org.bpf4j.compiler.asm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.isa.Insn;

/** clang, llvm-objdump and llvm-mc of one LLVM version, run as external processes by tests. */
final class LlvmToolchain {
    /** LLVM that builds cpu v4 code: Debian 12 ships it as clang-22/llvm-22 (bookworm-security). */
    static final Path LLVM_22 = Path.of("/usr/lib/llvm-22/bin");

    private static final Pattern VERSION = Pattern.compile("LLVM version (\\d+)\\.");
    /** "    12:\t<hex bytes>\t<text>", the text possibly followed by " <label>". */
    private static final Pattern OBJDUMP_LINE =
            Pattern.compile("^\\s*(\\d+):\\t([0-9a-f]{2}(?: [0-9a-f]{2})*)\\s*\\t(.*?)(?: <[^<>]*>)?$");

    private final String clang;
    private final String objdump;
    private final String mc;
    final int major;

    private LlvmToolchain(String clang, String objdump, String mc, int major) {
        this.clang = clang;
        this.objdump = objdump;
        this.mc = mc;
        this.major = major;
    }

    /** The clang and llvm-objdump found on the PATH. */
    static Optional<LlvmToolchain> onPath() {
        return probe("clang", "llvm-objdump", "llvm-mc");
    }

    /** LLVM 22 in its Debian location. */
    static Optional<LlvmToolchain> llvm22() {
        return probe(LLVM_22.resolve("clang").toString(), LLVM_22.resolve("llvm-objdump").toString(),
                LLVM_22.resolve("llvm-mc").toString());
    }

    private static Optional<LlvmToolchain> probe(String clang, String objdump, String mc) {
        if (!Stream.of(clang, objdump, mc).allMatch(LlvmToolchain::installed)) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(ExternalProcess.stdoutOf(objdump, "--version"));
        return m.find() ? Optional.of(new LlvmToolchain(clang, objdump, mc, Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    /** A path names the file, a bare name is looked up like the shell does. */
    private static boolean installed(String tool) {
        return tool.contains("/") ? Files.isExecutable(Path.of(tool)) : Prerequisites.findTool(tool).isPresent();
    }

    /**
     * The toolchain, or the test is skipped with {@code reason}; with BPF4J_REQUIRE_KERNEL=1 (as
     * CI runs) a missing tool fails the test instead.
     */
    static LlvmToolchain require(Optional<LlvmToolchain> tools, String reason) {
        if (tools.isEmpty()) {
            Prerequisites.skipOrFail(reason);
        }
        return tools.get();
    }

    Path compile(Path source, Path outDir, String cpu) throws IOException {
        String name = source.getFileName().toString().replaceFirst("\\.c$", "") + ".o";
        Path out = outDir.resolve(name);
        ExternalProcess.stdoutOf(clang, "-O2", "-g", "-target", "bpf", "-mcpu=" + cpu, "-I/usr/include/x86_64-linux-gnu",
                "-c", source.toString(), "-o", out.toString());
        return out;
    }

    /** An object whose .text holds exactly these instructions, written by llvm-mc from raw bytes. */
    Path assemble(List<Insn> insns, Path dir) throws IOException {
        StringBuilder src = new StringBuilder(".text\n");
        for (Insn insn : insns) {
            src.append(".byte ");
            byte[] bytes = Insn.encode(List.of(insn));
            for (int i = 0; i < bytes.length; i++) {
                src.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
            }
            src.append('\n');
        }
        Path s = Files.writeString(dir.resolve("insns.s"), src);
        Path o = dir.resolve("insns.o");
        ExternalProcess.stdoutOf(mc, "-triple", "bpfel", "-filetype=obj", s.toString(), "-o", o.toString());
        return o;
    }

    /** The instruction lines of {@code llvm-objdump -d}. */
    List<ObjdumpLine> disassemble(Path object) throws IOException {
        List<ObjdumpLine> lines = new ArrayList<>();
        for (String line : ExternalProcess.stdoutOf(objdump, "-d", object.toString()).split("\n")) {
            Matcher m = OBJDUMP_LINE.matcher(line);
            if (m.matches()) {
                lines.add(new ObjdumpLine(Integer.parseInt(m.group(1)),
                        HexFormat.of().parseHex(m.group(2).replace(" ", "")), m.group(3)));
            }
        }
        return lines;
    }

    record ObjdumpLine(int slot, byte[] bytes, String text) {
        String hex() {
            return HexFormat.ofDelimiter(" ").formatHex(bytes);
        }
    }
}
