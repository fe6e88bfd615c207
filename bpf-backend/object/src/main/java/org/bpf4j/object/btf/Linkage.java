package org.bpf4j.object.btf;

/**
 * Linkage of a {@code FUNC} or {@code VAR}. The codes coincide for both kinds:
 * {@code BTF_FUNC_STATIC/GLOBAL/EXTERN} and {@code BTF_VAR_STATIC/GLOBAL_ALLOCATED/GLOBAL_EXTERN}.
 */
public enum Linkage {
    STATIC, GLOBAL, EXTERN;

    private static final Linkage[] VALUES = values();

    public int code() {
        return ordinal();
    }

    /** The linkage with this code, or {@code null} if the code is undefined. */
    public static Linkage ofCode(long code) {
        return code >= 0 && code < VALUES.length ? VALUES[(int) code] : null;
    }
}
