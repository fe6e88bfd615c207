package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelEnum;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.IterMeta;

/** {@code iter/bpf_map}: one {@link MapRecord} per BPF map, written with {@code bpf_seq_write}. */
public final class MapIterator {
    /** Declared out of the kernel's order (HASH is 1, ARRAY 2): the kernel's values replace the positions. */
    @KernelEnum("bpf_map_type")
    public enum MapType {
        BPF_MAP_TYPE_ARRAY,
        BPF_MAP_TYPE_HASH
    }

    @KernelStruct("bpf_map")
    public static final class Map {
        public int id;
        @CName("map_type") public MapType type;
        @CName("key_size") public int keySize;
        @CName("value_size") public int valueSize;
        @CName("max_entries") public int maxEntries;
        @Size(16) public byte[] name;
    }

    /** A map as the iterator writes it, read back with {@code BpfIterator.records(MapRecord.class)}. */
    @BpfStruct
    public static final class MapRecord {
        public int id;
        public int keySize;
        public int valueSize;
        public int maxEntries;
        public int type;
        public int hash;
        /** 'h' for a hash map, 'a' for an array, '?' otherwise: a switch over the member. */
        public int kind;
        @Size(16) public byte[] name = new byte[16];
    }

    @BpfProgram(type = ProgramType.ITER, target = "bpf_map")
    static int maps(IterMeta meta, Map map) {
        if (map == null) {
            return 0;
        }
        MapRecord record = new MapRecord();
        record.id = map.id;
        record.keySize = map.keySize;
        record.valueSize = map.valueSize;
        record.maxEntries = map.maxEntries;
        MapType type = map.type;
        record.type = (int) Core.enumValue(type);
        record.hash = type == MapType.BPF_MAP_TYPE_HASH ? 1 : 0;
        record.kind = switch (type) {
            case BPF_MAP_TYPE_HASH -> 'h';
            case BPF_MAP_TYPE_ARRAY -> 'a';
            default -> '?';
        };
        Core.readString(record.name, map.name);
        Bpf.seqWrite(meta.seq, record);
        return 0;
    }
}
