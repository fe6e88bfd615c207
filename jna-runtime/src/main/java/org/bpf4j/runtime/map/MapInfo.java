package org.bpf4j.runtime.map;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import org.bpf4j.runtime.sys.BpfInfo;
import org.bpf4j.runtime.sys.BpfSyscall;

/**
 * What the kernel knows about a map: type ({@code BPF_MAP_TYPE_*}), sizes, capacity, flags,
 * name and id (0 until the kernel assigned one).
 */
public record MapInfo(String name, int type, int keySize, int valueSize, int maxEntries, int flags, int id,
                      int btfId) {
    /** Asks the kernel about the map behind {@code fd} (OBJ_GET_INFO_BY_FD, {@code struct bpf_map_info}). */
    public static MapInfo query(int fd, String subject) {
        Memory info = new Memory(BpfInfo.Map.SIZE);
        info.clear();
        BpfSyscall.objGetInfoByFd(fd, info, BpfInfo.Map.SIZE, subject);
        byte[] nameBytes = info.getByteArray(BpfInfo.Map.NAME, BpfInfo.NAME_SIZE);
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        return new MapInfo(new String(nameBytes, 0, len, StandardCharsets.US_ASCII), info.getInt(BpfInfo.Map.TYPE),
                info.getInt(BpfInfo.Map.KEY_SIZE), info.getInt(BpfInfo.Map.VALUE_SIZE), info.getInt(BpfInfo.Map.MAX_ENTRIES),
                info.getInt(BpfInfo.Map.MAP_FLAGS), info.getInt(BpfInfo.Map.ID), info.getInt(BpfInfo.Map.BTF_ID));
    }
}
