package org.bpf4j.runtime;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bpf4j.runtime.sys.BpfSyscall;

/**
 * What the kernel reports about a loaded program ({@code struct bpf_prog_info}).
 *
 * @param xlatedInsns instructions after the verifier's rewrites (8-byte slots)
 * @param jitedBytes size of the JIT-compiled image
 * @param verifiedInsns instructions the verifier processed
 */
public record ProgramInfo(int id, int type, String name, String tag, int xlatedInsns, int jitedBytes,
                          int verifiedInsns, int btfId, long runTimeNs, long runCount) {
    private static final int SIZE = 232;

    /** Queries the program behind {@code fd}. */
    public static ProgramInfo query(int fd, String subject) {
        Memory m = new Memory(SIZE);
        m.clear();
        BpfSyscall.objGetInfoByFd(fd, m, SIZE, subject);
        byte[] name = m.getByteArray(64, 16);
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        return new ProgramInfo(m.getInt(4), m.getInt(0), new String(name, 0, len, StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(m.getByteArray(8, 8)), m.getInt(20) / 8, m.getInt(16), m.getInt(216),
                m.getInt(128), m.getLong(192), m.getLong(200));
    }
}
