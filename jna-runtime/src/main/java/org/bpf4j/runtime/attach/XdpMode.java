package org.bpf4j.runtime.attach;

/** Where an XDP program runs; the values are the kernel's {@code XDP_FLAGS_*}. */
public enum XdpMode {
    /** The driver's native mode when it has one, generic otherwise (the kernel decides). */
    DEFAULT(0),
    /** Generic (skb) mode: works on every interface, after the skb is allocated. */
    GENERIC(1 << 1),
    /** Native driver mode; refused by drivers without XDP support. */
    DRIVER(1 << 2),
    /** Offloaded to the NIC; only for NICs that can run BPF. */
    OFFLOAD(1 << 3);

    /** The {@code XDP_FLAGS_*} bit of this mode. */
    public final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }
}
