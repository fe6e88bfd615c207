package org.bpf4j.object.btf;

/** What a CO-RE relocation asks for ({@code enum bpf_core_relo_kind} in {@code linux/bpf.h}). */
public enum CoreReloKind {
    FIELD_BYTE_OFFSET, FIELD_BYTE_SIZE, FIELD_EXISTS, FIELD_SIGNED, FIELD_LSHIFT_U64, FIELD_RSHIFT_U64,
    TYPE_ID_LOCAL, TYPE_ID_TARGET, TYPE_EXISTS, TYPE_SIZE, ENUMVAL_EXISTS, ENUMVAL_VALUE, TYPE_MATCHES;

    private static final CoreReloKind[] VALUES = values();

    /** The on-disk value: the enum's position, as in the kernel header. */
    public int code() {
        return ordinal();
    }

    /** The kind with this code, or {@code null} if the code is undefined. */
    public static CoreReloKind ofCode(long code) {
        return code >= 0 && code < VALUES.length ? VALUES[(int) code] : null;
    }
}
