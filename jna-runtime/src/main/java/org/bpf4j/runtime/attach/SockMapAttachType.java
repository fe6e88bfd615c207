package org.bpf4j.runtime.attach;

/** Where a program hangs on a sockmap or sockhash: kernel attach type and program type. */
public enum SockMapAttachType {
    /** sk_skb: splits a TCP stream into messages. */
    STREAM_PARSER(4, KernelTypes.SK_SKB),
    /** sk_skb: verdict on each parsed message (pass, drop, redirect). */
    STREAM_VERDICT(5, KernelTypes.SK_SKB),
    /** sk_skb: verdict on received data without a parser (5.13+). */
    SKB_VERDICT(38, KernelTypes.SK_SKB),
    /** sk_msg: verdict on each sendmsg/sendfile of sockets in the map. */
    MSG_VERDICT(7, KernelTypes.SK_MSG);

    /** {@code enum bpf_attach_type} value. */
    public final int kernelValue;
    final int programType;

    SockMapAttachType(int kernelValue, int programType) {
        this.kernelValue = kernelValue;
        this.programType = programType;
    }
}
