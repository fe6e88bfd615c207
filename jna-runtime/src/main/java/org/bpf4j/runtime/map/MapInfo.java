package org.bpf4j.runtime.map;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import org.bpf4j.runtime.sys.BpfSyscall;

/**
 * What the kernel knows about a map: type ({@code BPF_MAP_TYPE_*}), sizes, capacity, flags,
 * name and id (0 until the kernel assigned one).
 */
public record MapInfo(String name, int type, int keySize, int valueSize, int maxEntries, int flags, int id,
                      int btfId) {
    private static final int BPF_MAP_INFO_SIZE = 88;

    /** Asks the kernel about the map behind {@code fd} (OBJ_GET_INFO_BY_FD, {@code struct bpf_map_info}). */
    public static MapInfo query(int fd, String subject) {
        Memory info = new Memory(BPF_MAP_INFO_SIZE);
        info.clear();
        BpfSyscall.objGetInfoByFd(fd, info, BPF_MAP_INFO_SIZE, subject);
        byte[] nameBytes = info.getByteArray(24, 16);
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        return new MapInfo(new String(nameBytes, 0, len, StandardCharsets.US_ASCII), info.getInt(0), info.getInt(8),
                info.getInt(12), info.getInt(16), info.getInt(20), info.getInt(4), info.getInt(64));
    }
}
