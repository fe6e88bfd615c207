package org.bpf4j.runtime.load;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/**
 * Loads one program: first without a verifier log (fast, no log memory), and on failure once
 * more with a log of {@value #LOG_SIZE} bytes, so the exception carries the verifier's verdict.
 * Kernels from 6.4 on keep the end of a longer log (where the verdict is) and then report
 * ENOSPC, so the first load's errno is the one reported.
 */
public final class ProgramLoader {
    /** libbpf's default log size; a rejected program's log beyond it is cut at the front. */
    private static final int LOG_SIZE = 16 * 1024 * 1024;
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
        String subject = "program '" + spec.name() + "'";
        // refused before verification: no capability to load (the message names root and the capabilities)
        if (firstErrno == Errno.EPERM) throw Sys.error("PROG_LOAD", firstErrno, subject);
        Memory log = new Memory(LOG_SIZE);
        log.setByte(0, (byte) 0);
        int fd = req.load(log, LOG_SIZE, 1);
        if (fd >= 0) return new Fd(fd, subject);
        int errno = -fd == Errno.ENOSPC ? firstErrno : -fd;
        String text = readLog(log, LOG_SIZE);
        if (text.isEmpty()) throw Sys.error("PROG_LOAD", errno, subject);
        throw new VerifierException(spec.name(), errno, text, failingSourceLine(text, spec));
    }

    private static BpfSyscall.ProgLoad request(ProgramImage spec) {
        if (spec.name() == null || spec.code() == null || spec.license() == null) {
            throw new IllegalArgumentException("a program needs a name, code and a license: " + spec);
        }
        BpfSyscall.ProgLoad req = BpfSyscall.progLoad(spec.progType(), spec.code(), spec.license()).name(kernelName(spec.name()))
                .expectedAttachType(spec.expectedAttachType()).flags(spec.flags()).attachBtfId(spec.attachBtfId());
        if (spec.btfFd() > 0) {
            req.btfFd(spec.btfFd()).funcInfo(spec.funcInfo(), ProgramImage.FUNC_INFO_SIZE)
                    .lineInfo(spec.lineInfo(), ProgramImage.LINE_INFO_SIZE);
        }
        return req;
    }

    /** The program name as the kernel keeps it: libbpf's cut to 15 characters, characters the kernel refuses dropped. */
    private static String kernelName(String name) {
        StringBuilder kept = new StringBuilder();
        for (char c : name.toCharArray()) if (BpfAttr.hasValidNameCharacters(String.valueOf(c))) kept.append(c);
        return BpfAttr.truncatedName(kept.toString());
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
