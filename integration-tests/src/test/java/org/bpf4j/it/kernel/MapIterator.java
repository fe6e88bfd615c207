package org.bpf4j.it.kernel;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.IterMeta;

/** {@code iter/bpf_map}: one {@link MapRecord} per BPF map, written with {@code bpf_seq_write}. */
public final class MapIterator {
    @KernelStruct("bpf_map")
    public static final class Map {
        public int id;
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
        Core.readString(record.name, map.name);
        Bpf.seqWrite(meta.seq, record);
        return 0;
    }
}
