package org.bpf4j.object.isa;

/** What a CALL instruction calls, carried in its source field. */
public enum CallKind {
    /** imm = helper function id. */
    HELPER(0),
    /** imm = pc-relative slot offset of a BPF function (BPF_PSEUDO_CALL). */
    LOCAL(1),
    /** imm = BTF id of a kernel function, offset = index of its module BTF fd (BPF_PSEUDO_KFUNC_CALL). */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static CallKind of(int src) {
        for (CallKind k : values()) {
            if (k.code == src) {
                return k;
            }
        }
        throw new IllegalArgumentException("call source " + src + " is no call kind (0 helper, 1 local, 2 kfunc)");
    }
}
