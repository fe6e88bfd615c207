package org.bpf4j.lang;

import org.bpf4j.annotation.CtxField;

/**
 * A socket ({@code struct bpf_sock}): the context of {@code cgroup/sock_create} and
 * {@code cgroup/post_bind4/6} (return a {@link CgroupVerdict}) and what socket helpers return.
 * {@code boundDevIf}, {@code mark} and {@code priority} may be written at socket creation; the
 * source address and port are readable only once bound (post_bind).
 */
public class SockContext implements BpfContext {
    /** {@code bound_dev_if}. */
    @CtxField(offset = 0, size = 4, writable = true)
    public int boundDevIf;
    /** {@code family}. */
    @CtxField(offset = 4, size = 4)
    public int family;
    /** {@code type}. */
    @CtxField(offset = 8, size = 4)
    public int type;
    /** {@code protocol}. */
    @CtxField(offset = 12, size = 4)
    public int protocol;
    /** {@code mark}. */
    @CtxField(offset = 16, size = 4, writable = true)
    public int mark;
    /** {@code priority}. */
    @CtxField(offset = 20, size = 4, writable = true)
    public int priority;
    /** {@code src_ip4}. */
    @CtxField(offset = 24, size = 4, order = CtxField.Order.NET32)
    public int srcIp4;
    /** {@code src_ip6[4]}. */
    @CtxField(offset = 28, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] srcIp6 = new int[4];
    /** {@code src_port} (host order in the kernel). */
    @CtxField(offset = 44, size = 4)
    public int srcPort;
    /** {@code dst_port}. */
    @CtxField(offset = 48, size = 2, order = CtxField.Order.NET16)
    public char dstPort;
    /** {@code dst_ip4}. */
    @CtxField(offset = 52, size = 4, order = CtxField.Order.NET32)
    public int dstIp4;
    /** {@code dst_ip6[4]}. */
    @CtxField(offset = 56, size = 4, count = 4, order = CtxField.Order.NET32)
    public final int[] dstIp6 = new int[4];
    /** {@code state}: TCP state ({@code BPF_TCP_ESTABLISHED = 1}...). */
    @CtxField(offset = 72, size = 4)
    public int state;
    /** {@code rx_queue_mapping}. */
    @CtxField(offset = 76, size = 4)
    public int rxQueueMapping;

    /** An empty socket; set the fields a test needs. */
    public SockContext() {
    }
}
