package org.bpf4j.runtime.map;

import org.bpf4j.runtime.sys.Bpf;

/** The existence condition of a map update. */
public enum UpdateMode {
    /** Create or replace. */
    ANY(Bpf.BPF_ANY),
    /** Create only; fails if the key exists. */
    NOEXIST(Bpf.BPF_NOEXIST),
    /** Replace only; fails if the key does not exist. */
    EXIST(Bpf.BPF_EXIST);

    /** The {@code BPF_*} flag value. */
    public final long flag;

    UpdateMode(long flag) {
        this.flag = flag;
    }
}
