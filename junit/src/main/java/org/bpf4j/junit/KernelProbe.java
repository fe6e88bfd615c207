package org.bpf4j.junit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may use BPF as the kernel tests do: it runs as root and the kernel
 * accepts a privileged program. Asked once per JVM; the answer is the reason BPF is missing.
 */
final class KernelProbe {
    private static final int BPF_PROG_LOAD = 5;
    /** XDP needs CAP_BPF and CAP_NET_ADMIN, so an unprivileged socket filter cannot pass for it. */
    private static final int BPF_PROG_TYPE_XDP = 6;
    private static final Optional<String> MISSING = probe();

    private KernelProbe() {}

    /** Empty when BPF is usable, otherwise why it is not. */
    static Optional<String> missing() {
        return MISSING;
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return Optional.of("not Linux");
        try {
            if (!effectiveUidIsRoot()) return Optional.of("not running as root");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        return loadTrivialProgram();
    }

    private static boolean effectiveUidIsRoot() throws IOException {
        // "Uid:  real  effective  saved  filesystem"
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Uid:"))
                .anyMatch(line -> line.split("\\s+")[2].equals("0"));
    }

    /** bpf(BPF_PROG_LOAD) of {@code r0 = XDP_PASS; exit}, closed again at once. */
    private static Optional<String> loadTrivialProgram() {
        long syscall = bpfSyscallNumber();
        if (syscall < 0) return Optional.of("no bpf(2) syscall number known for " + System.getProperty("os.arch"));
        Memory memory = new Memory(96);
        memory.clear();
        long insns = 64;
        long license = 80;
        memory.setByte(insns, (byte) 0xb7);                     // mov64 r0, imm
        memory.setInt(insns + 4, 2);                              // XDP_PASS
        memory.setByte(insns + 8, (byte) 0x95);                 // exit
        memory.setString(license, "GPL");
        memory.setInt(0, BPF_PROG_TYPE_XDP);                      // bpf_attr.prog_type
        memory.setInt(4, 2);                                      // insn_cnt
        memory.setPointer(8, memory.share(insns));                // insns
        memory.setPointer(16, memory.share(license));             // license
        try {
            LibC libc = Native.load("c", LibC.class);
            int fd = (int) libc.syscall(syscall, (long) BPF_PROG_LOAD, memory, 64L);
            libc.close(fd);
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of("bpf(BPF_PROG_LOAD) of a 2-instruction XDP program failed: errno " + e.getErrorCode()
                    + " (" + e.getMessage() + ")");
        } catch (LinkageError e) {
            return Optional.of("cannot call bpf(2) through JNA: " + e);
        }
    }

    private static long bpfSyscallNumber() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 321;
            case "aarch64", "riscv64", "loongarch64" -> 280;
            default -> -1;
        };
    }

    private interface LibC extends Library {
        long syscall(long number, Object... args) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}
