package org.bpf4j.lang;

/** The flags of a map update ({@code BPF_ANY}, {@code BPF_NOEXIST}, {@code BPF_EXIST}). */
public enum UpdateFlag {
    /** Create or replace. */
    ANY(0),
    /** Create only: fails when the key exists. */
    NO_EXIST(1),
    /** Replace only: fails when the key is absent. */
    EXIST(2);

    private final long value;

    UpdateFlag(long value) {
        this.value = value;
    }

    /** The kernel's flag value. */
    public long value() {
        return value;
    }
}
