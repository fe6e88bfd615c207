package org.bpf4j.object.btf;

/** The BTF type kinds with their on-disk codes ({@code BTF_KIND_*} in {@code linux/btf.h}). */
public enum BtfKind {
    //         code  named  vlen   kind_flag
    INT(1, true, false, false),
    PTR(2, false, false, false),
    ARRAY(3, false, false, false),
    STRUCT(4, true, true, true),
    UNION(5, true, true, true),
    ENUM(6, true, true, true),
    FWD(7, true, false, true),
    TYPEDEF(8, true, false, false),
    VOLATILE(9, false, false, false),
    CONST(10, false, false, false),
    RESTRICT(11, false, false, false),
    FUNC(12, true, true, false),
    FUNC_PROTO(13, false, true, false),
    VAR(14, true, false, false),
    DATASEC(15, true, true, false),
    FLOAT(16, true, false, false),
    DECL_TAG(17, true, false, true),
    TYPE_TAG(18, true, false, true),
    ENUM64(19, true, true, true);

    private static final BtfKind[] BY_CODE = new BtfKind[32];

    static {
        for (BtfKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;
    private final boolean named;
    private final boolean usesVlen;
    private final boolean usesKindFlag;

    BtfKind(int code, boolean named, boolean usesVlen, boolean usesKindFlag) {
        this.code = code;
        this.named = named;
        this.usesVlen = usesVlen;
        this.usesKindFlag = usesKindFlag;
    }

    /** False for kinds whose name offset must be 0 (ptr, array, modifiers, func_proto). */
    public boolean named() {
        return named;
    }

    /** True if {@code info.vlen} carries data (member counts, or a func's linkage). */
    boolean usesVlen() {
        return usesVlen;
    }

    /** True if {@code info.kind_flag} carries data for this kind. */
    boolean usesKindFlag() {
        return usesKindFlag;
    }

    /** The value stored in bits 24-28 of {@code btf_type.info}. */
    public int code() {
        return code;
    }

    /** The kind with this code, or {@code null} for 0 (void/unknown) and undefined codes. */
    public static BtfKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
