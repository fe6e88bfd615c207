package org.bpf4j.it.tracing;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.Embedded;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.Core;
import org.bpf4j.lang.TracepointContext;

/**
 * Reads through structs the kernel embeds by value: the addresses and ports of a TCP socket in
 * its {@code struct sock_common} ({@code sk->__sk_common.skc_dport}), with direct loads in
 * {@code tp_btf}, and the mount namespace of an exec'ing task
 * ({@code task->nsproxy->mnt_ns->ns.inum}) through {@code bpf_probe_read_kernel}.
 */
public final class EmbeddedReads {
    @KernelStruct("sock_common")
    public static final class SockCommon {
        @CName("skc_daddr") public int daddr;
        @CName("skc_rcv_saddr") public int saddr;
        @CName("skc_dport") public char dport;
        @CName("skc_num") public char num;
        @CName("skc_family") public char family;
    }

    @KernelStruct("sock")
    public static final class Sock {
        @Embedded @CName("__sk_common") public SockCommon common;
    }

    @KernelStruct("ns_common")
    public static final class NsCommon {
        public int inum;
    }

    @KernelStruct("mnt_namespace")
    public static final class MntNamespace {
        @Embedded public NsCommon ns;
    }

    @KernelStruct("nsproxy")
    public static final class Nsproxy {
        @CName("mnt_ns") public MntNamespace mntNs;
    }

    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
        public Nsproxy nsproxy;
    }

    @BpfStruct
    public static final class Connection {
        public int daddr;
        public int saddr;
        public int dport;
        public int family;
        public int commonSize;
    }

    @BpfStruct
    public static final class MountNs {
        public int inum;
        public int inumSize;
        public int nsExists;
    }

    static final int TCP_ESTABLISHED = 1;
    static final int TCP_SYN_SENT = 2;

    @BpfConfig
    static int port = 0;

    @BpfConfig
    static int parent = 0;

    /** Connections to {@link #port} that this host made, by local port. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Connection> connections;

    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, MountNs> mounts;

    @BpfProgram(type = ProgramType.TP_BTF, target = "inet_sock_set_state")
    static int connected(Sock sk, int oldState, int newState) {
        if (oldState != TCP_SYN_SENT || newState != TCP_ESTABLISHED) {
            return 0;
        }
        SockCommon common = sk.common;
        if (Character.reverseBytes(common.dport) != port) {
            return 0;
        }
        Connection c = new Connection();
        c.daddr = common.daddr;
        c.saddr = common.saddr;
        c.dport = common.dport;
        c.family = common.family;
        c.commonSize = Core.fieldSize(sk.common);
        connections.put((int) common.num, c);
        return 0;
    }

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int exec(TracepointContext ctx) {
        Task task = Core.currentTask(Task.class);
        if (task.realParent.tgid != parent) {
            return 0;
        }
        MountNs m = new MountNs();
        m.inum = task.nsproxy.mntNs.ns.inum;
        m.inumSize = Core.fieldSize(task.nsproxy.mntNs.ns.inum);
        m.nsExists = Core.fieldExists(task.nsproxy.mntNs.ns) ? 1 : 0;
        mounts.put(task.tgid, m);
        return 0;
    }
}
