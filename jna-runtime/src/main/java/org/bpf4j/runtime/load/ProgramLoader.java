package org.bpf4j.runtime.load;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.runtime.BpfPermissionException;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/**
 * Loads one program: first without a verifier log (fast, no log memory), and on failure again
 * with a log that grows while the kernel reports ENOSPC, so the exception carries the whole log.
 */
public final class ProgramLoader {
    private static final int FIRST_LOG_SIZE = 64 * 1024;
    /** The kernel caps log_size at UINT_MAX >> 2; 256 MiB is plenty for any real program. */
    private static final int MAX_LOG_SIZE = 256 * 1024 * 1024;
    private static final Pattern INSN_LINE = Pattern.compile("^(\\d+): \\(", Pattern.MULTILINE);

    private ProgramLoader() {}

    /** Loads {@code spec}; throws {@link VerifierException} with the log when the verifier rejects it. */
    public static Fd load(ProgramImage spec) {
        BpfSyscall.ProgLoad req = request(spec);
        int fd = req.load(null, 0, 0);
        if (fd >= 0) return new Fd(fd, "program '" + spec.name() + "'");
        return loadWithLog(spec, req, -fd);
    }

    private static Fd loadWithLog(ProgramImage spec, BpfSyscall.ProgLoad req, int firstErrno) {
        int size = FIRST_LOG_SIZE;
        while (true) {
            Memory log = new Memory(size);
            log.setByte(0, (byte) 0);
            int fd = req.load(log, size, 1);
            if (fd >= 0) return new Fd(fd, "program '" + spec.name() + "'");
            int errno = -fd;
            if (errno == Errno.ENOSPC && size < MAX_LOG_SIZE) {
                size *= 4;
                continue;
            }
            String text = readLog(log, size);
            if (text.isEmpty()) {
                throw Sys.error("PROG_LOAD", errno == Errno.ENOSPC ? firstErrno : errno, "program '" + spec.name() + "'");
            }
            if (errno == Errno.EPERM) {
                throw new BpfPermissionException("PROG_LOAD of program '" + spec.name() + "' refused: "
                        + Errno.describe(errno) + ". Run as root or with CAP_BPF plus CAP_NET_ADMIN/CAP_PERFMON;"
                        + " this kernel may also refuse this program type.\n" + text, errno);
            }
            throw new VerifierException(spec.name(), errno, text, failingSourceLine(text, spec));
        }
    }

    private static BpfSyscall.ProgLoad request(ProgramImage spec) {
        if (spec.name() == null || spec.code() == null || spec.license() == null) {
            throw new IllegalArgumentException("a program needs a name, code and a license: " + spec);
        }
        BpfSyscall.ProgLoad req = BpfSyscall.progLoad(spec.progType(), spec.code(), spec.license()).name(spec.name())
                .expectedAttachType(spec.expectedAttachType()).flags(spec.flags()).attachBtfId(spec.attachBtfId());
        if (spec.btfFd() > 0) {
            req.btfFd(spec.btfFd()).funcInfo(spec.funcInfo(), ProgramImage.FUNC_INFO_SIZE)
                    .lineInfo(spec.lineInfo(), ProgramImage.LINE_INFO_SIZE);
        }
        return req;
    }

    private static String readLog(Memory log, int size) {
        byte[] bytes = log.getByteArray(0, size);
        int len = 0;
        while (len < bytes.length && bytes[len] != 0) len++;
        return new String(bytes, 0, len, StandardCharsets.UTF_8).strip();
    }

    /**
     * The source of the last instruction the verifier printed: from the object's line info when
     * given, else the last "; source" comment the kernel itself printed from BTF line info.
     */
    static String failingSourceLine(String log, ProgramImage spec) {
        int lastInsn = -1;
        Matcher m = INSN_LINE.matcher(log);
        while (m.find()) lastInsn = Integer.parseInt(m.group(1));
        if (lastInsn >= 0 && spec.sourceLine() != null) {
            String line = spec.sourceLine().apply(lastInsn);
            if (line != null) return line;
        }
        String[] lines = log.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("; ")) return lines[i].substring(2).strip();
        }
        return null;
    }
}
