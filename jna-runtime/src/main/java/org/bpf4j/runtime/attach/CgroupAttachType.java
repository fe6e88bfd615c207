package org.bpf4j.runtime.attach;

import java.util.Arrays;
import java.util.Optional;

/** The cgroup hooks: kernel attach type and the program type that runs there. */
public enum CgroupAttachType {
    INGRESS(0, KernelTypes.CGROUP_SKB),
    EGRESS(1, KernelTypes.CGROUP_SKB),
    SOCK_CREATE(2, KernelTypes.CGROUP_SOCK),
    SOCK_OPS(3, KernelTypes.SOCK_OPS),
    DEVICE(6, KernelTypes.CGROUP_DEVICE),
    BIND4(8, KernelTypes.CGROUP_SOCK_ADDR),
    BIND6(9, KernelTypes.CGROUP_SOCK_ADDR),
    CONNECT4(10, KernelTypes.CGROUP_SOCK_ADDR),
    CONNECT6(11, KernelTypes.CGROUP_SOCK_ADDR),
    POST_BIND4(12, KernelTypes.CGROUP_SOCK),
    POST_BIND6(13, KernelTypes.CGROUP_SOCK),
    SENDMSG4(14, KernelTypes.CGROUP_SOCK_ADDR),
    SENDMSG6(15, KernelTypes.CGROUP_SOCK_ADDR),
    SYSCTL(18, KernelTypes.CGROUP_SYSCTL),
    RECVMSG4(19, KernelTypes.CGROUP_SOCK_ADDR),
    RECVMSG6(20, KernelTypes.CGROUP_SOCK_ADDR),
    GETSOCKOPT(21, KernelTypes.CGROUP_SOCKOPT),
    SETSOCKOPT(22, KernelTypes.CGROUP_SOCKOPT),
    GETPEERNAME4(29, KernelTypes.CGROUP_SOCK_ADDR),
    GETPEERNAME6(30, KernelTypes.CGROUP_SOCK_ADDR),
    GETSOCKNAME4(31, KernelTypes.CGROUP_SOCK_ADDR),
    GETSOCKNAME6(32, KernelTypes.CGROUP_SOCK_ADDR),
    SOCK_RELEASE(34, KernelTypes.CGROUP_SOCK),
    CONNECT_UNIX(49, KernelTypes.CGROUP_SOCK_ADDR),
    SENDMSG_UNIX(50, KernelTypes.CGROUP_SOCK_ADDR),
    RECVMSG_UNIX(51, KernelTypes.CGROUP_SOCK_ADDR),
    GETPEERNAME_UNIX(52, KernelTypes.CGROUP_SOCK_ADDR),
    GETSOCKNAME_UNIX(53, KernelTypes.CGROUP_SOCK_ADDR);

    /** {@code enum bpf_attach_type} value. */
    public final int kernelValue;
    /** {@code enum bpf_prog_type} of the programs this hook runs. */
    final int programType;

    CgroupAttachType(int kernelValue, int programType) {
        this.kernelValue = kernelValue;
        this.programType = programType;
    }

    /** The hook with kernel attach type {@code value}, if it is a cgroup hook. */
    public static Optional<CgroupAttachType> ofKernelValue(int value) {
        return Arrays.stream(values()).filter(t -> t.kernelValue == value).findFirst();
    }
}
