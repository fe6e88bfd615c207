package org.bpf4j.runtime.sys;

/**
 * Field offsets of the info structs OBJ_GET_INFO_BY_FD fills (/usr/include/linux/bpf.h), declared
 * once, as {@link BpfSyscall} declares those of {@code union bpf_attr}.
 */
public final class BpfInfo {
    private BpfInfo() {}

    /** {@code struct bpf_prog_info}, up to {@code attach_btf_id}. */
    public static final class Prog {
        public static final int SIZE = 232;
        public static final int TYPE = 0, ID = 4, TAG = 8, TAG_SIZE = 8, JITED_PROG_LEN = 16, XLATED_PROG_LEN = 20,
                NAME = 64, BTF_ID = 128, RUN_TIME_NS = 192, RUN_CNT = 200, VERIFIED_INSNS = 216;

        private Prog() {}
    }

    /** {@code struct bpf_map_info}, up to {@code map_extra}. */
    public static final class Map {
        public static final int SIZE = 88;
        public static final int TYPE = 0, ID = 4, KEY_SIZE = 8, VALUE_SIZE = 12, MAX_ENTRIES = 16, MAP_FLAGS = 20,
                NAME = 24, BTF_ID = 64;

        private Map() {}
    }

    /** {@code BPF_OBJ_NAME_LEN}: the bytes of an inline name, its NUL included. */
    public static final int NAME_SIZE = 16;
}
