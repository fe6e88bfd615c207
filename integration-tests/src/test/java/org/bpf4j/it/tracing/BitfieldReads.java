package org.bpf4j.it.tracing;

import org.bpf4j.annotation.Bits;
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
 * Reads kernel bitfields whose values a test sets: a task's {@code sched_reset_on_fork} (1 bit,
 * set by {@code chrt --reset-on-fork}) through {@code bpf_probe_read_kernel} in a tracepoint and
 * with direct loads in {@code tp_btf}, and a socket's {@code skc_reuse} (4 bits,
 * {@code SO_REUSEADDR}) and {@code skc_reuseport} (1 bit) through its embedded
 * {@code struct sock_common} in {@code tp_btf}.
 */
public final class BitfieldReads {
    @KernelStruct("task_struct")
    public static final class Task {
        @CName("real_parent") public Task realParent;
        public int tgid;
        @Bits(1) @CName("sched_reset_on_fork") public boolean resetOnFork;
    }

    @KernelStruct("sock_common")
    public static final class SockCommon {
        @CName("skc_num") public char num;
        @Bits(4) @CName("skc_reuse") public byte reuse;
        @Bits(1) @CName("skc_reuseport") public boolean reusePort;
    }

    @KernelStruct("sock")
    public static final class Sock {
        @Embedded @CName("__sk_common") public SockCommon common;
    }

    @BpfStruct
    public static final class Exec {
        public int resetOnFork;
        public int unitSize;
    }

    @BpfStruct
    public static final class Reuse {
        public int reuse;
        public int reusePort;
    }

    static final int TCP_ESTABLISHED = 1;
    static final int TCP_SYN_SENT = 2;

    @BpfConfig
    static int parent = 0;

    /** sched_reset_on_fork of the children of {@link #parent} at their last exec, by pid: probe reads. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Exec> execs;

    /** The same, read with direct loads. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Integer> typedExecs;

    /** The reuse bits of connecting sockets, by local port. */
    @BpfMap(maxEntries = 64)
    static BpfHashMap<Integer, Reuse> sockets;

    @BpfProgram(type = ProgramType.TRACEPOINT, target = "sched/sched_process_exec")
    static int execProbed(TracepointContext ctx) {
        Task task = Core.currentTask(Task.class);
        if (task.realParent.tgid != parent) {
            return 0;
        }
        Exec e = new Exec();
        e.resetOnFork = task.resetOnFork ? 1 : 0;
        e.unitSize = Core.fieldSize(task.resetOnFork);
        execs.put(task.tgid, e);
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "sched_process_exec")
    static int execTyped(Task p, int oldPid) {
        if (p.realParent.tgid != parent) {
            return 0;
        }
        typedExecs.put(p.tgid, p.resetOnFork ? 1 : 0);
        return 0;
    }

    @BpfProgram(type = ProgramType.TP_BTF, target = "inet_sock_set_state")
    static int connecting(Sock sk, int oldState, int newState) {
        if (oldState != TCP_SYN_SENT || newState != TCP_ESTABLISHED) {
            return 0;
        }
        SockCommon common = sk.common;
        Reuse r = new Reuse();
        r.reuse = common.reuse;
        r.reusePort = common.reusePort ? 1 : 0;
        sockets.put((int) common.num, r);
        return 0;
    }
}
