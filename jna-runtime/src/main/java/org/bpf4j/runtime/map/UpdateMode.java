package org.bpf4j.runtime.map;

import org.bpf4j.runtime.sys.BpfSyscall;

/** The existence condition of a map update. */
public enum UpdateMode {
    /** Create or replace. */
    ANY(BpfSyscall.BPF_ANY),
    /** Create only; fails if the key exists. */
    NOEXIST(BpfSyscall.BPF_NOEXIST),
    /** Replace only; fails if the key does not exist. */
    EXIST(BpfSyscall.BPF_EXIST);

    /** The {@code BPF_*} flag value. */
    public final long flag;

    UpdateMode(long flag) {
        this.flag = flag;
    }
}
