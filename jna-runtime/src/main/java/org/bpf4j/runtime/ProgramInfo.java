package org.bpf4j.runtime;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bpf4j.runtime.sys.BpfInfo;
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
    /** Queries the program behind {@code fd}. */
    public static ProgramInfo query(int fd, String subject) {
        Memory m = new Memory(BpfInfo.Prog.SIZE);
        m.clear();
        BpfSyscall.objGetInfoByFd(fd, m, BpfInfo.Prog.SIZE, subject);
        byte[] name = m.getByteArray(BpfInfo.Prog.NAME, BpfInfo.NAME_SIZE);
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        return new ProgramInfo(m.getInt(BpfInfo.Prog.ID), m.getInt(BpfInfo.Prog.TYPE),
                new String(name, 0, len, StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(m.getByteArray(BpfInfo.Prog.TAG, BpfInfo.Prog.TAG_SIZE)),
                m.getInt(BpfInfo.Prog.XLATED_PROG_LEN) / 8, m.getInt(BpfInfo.Prog.JITED_PROG_LEN),
                m.getInt(BpfInfo.Prog.VERIFIED_INSNS), m.getInt(BpfInfo.Prog.BTF_ID),
                m.getLong(BpfInfo.Prog.RUN_TIME_NS), m.getLong(BpfInfo.Prog.RUN_CNT));
    }
}
