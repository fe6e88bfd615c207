package org.bpf4j.runtime.attach;

/** Which way through the interface a tc program sees packets. */
public enum TcDirection {
    INGRESS(KernelTypes.ATTACH_TCX_INGRESS, 0xFFF2),
    EGRESS(KernelTypes.ATTACH_TCX_EGRESS, 0xFFF3);

    /** {@code BPF_TCX_INGRESS} / {@code BPF_TCX_EGRESS}. */
    final int tcxAttachType;
    /** The clsact minor: {@code TC_H_MIN_INGRESS} / {@code TC_H_MIN_EGRESS}. */
    final int clsactMinor;

    TcDirection(int tcxAttachType, int clsactMinor) {
        this.tcxAttachType = tcxAttachType;
        this.clsactMinor = clsactMinor;
    }
}
