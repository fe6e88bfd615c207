package org.bpf4j.lang;

/** Return codes of cgroup programs (skb, sock, sock_addr hooks). */
public final class CgroupVerdict {
    /** Refuse: the packet is dropped, the syscall fails with {@code EPERM}. */
    public static final int DENY = 0;
    /** Allow. */
    public static final int ALLOW = 1;

    private CgroupVerdict() {
    }
}
