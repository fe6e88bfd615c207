package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.runtime.probe.LinkKind;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;

/**
 * tc: a tcx link (kernel 6.6+), or on older kernels a clsact qdisc with a direct-action cls_bpf
 * filter, made and removed over rtnetlink as {@code tc filter add ... bpf da} would.
 */
final class TcAttach {
    private static final int RTM_NEWQDISC = 36, RTM_DELQDISC = 37, RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45;
    private static final int TCA_KIND = 1, TCA_OPTIONS = 2;
    private static final int TCA_BPF_FD = 6, TCA_BPF_NAME = 7, TCA_BPF_FLAGS = 8, TCA_BPF_FLAG_ACT_DIRECT = 1;
    private static final int TC_H_CLSACT = 0xFFFFFFF1, CLSACT_HANDLE = 0xFFFF0000;
    /** Our filter's priority and handle; a filter already there with them is reported, not replaced. */
    private static final int FILTER_PRIORITY = 1, FILTER_HANDLE = 1;
    /** htons(ETH_P_ALL): the filter sees every protocol. */
    private static final int ALL_PROTOCOLS_BE = 0x0300;

    private TcAttach() {}

    static Link attach(LoadedProgram program, int ifindex, String ifname, TcDirection direction) {
        KernelTypes.require(program, "tc", KernelTypes.SCHED_CLS);
        if (!FeatureProbes.link(LinkKind.TCX)) return viaClsact(program, ifindex, ifname, direction);
        String what = what(program, ifname, direction);
        return Link.bpfLink(program.fd().apply(p -> BpfSyscall.linkCreate(p, ifindex, direction.tcxAttachType, 0, null, what)),
                what + " (tcx link)");
    }

    static Link viaClsact(LoadedProgram program, int ifindex, String ifname, TcDirection direction) {
        KernelTypes.require(program, "tc", KernelTypes.SCHED_CLS);
        String what = what(program, ifname, direction);
        int parent = TC_H_CLSACT & 0xFFFF0000 | direction.clsactMinor;
        int info = FILTER_PRIORITY << 16 | ALL_PROTOCOLS_BE;
        try (Netlink nl = Netlink.openRoute()) {
            Netlink.Ack qdisc = nl.request(new NetlinkMessage(RTM_NEWQDISC, NetlinkMessage.NLM_F_CREATE
                    | NetlinkMessage.NLM_F_EXCL).tcmsg(ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                    .string(TCA_KIND, "clsact"), "clsact qdisc on " + ifname);
            boolean createdQdisc = qdisc.errno() == 0;
            if (!createdQdisc && qdisc.errno() != Errno.EEXIST) qdisc.check("RTM_NEWQDISC (clsact)", "clsact qdisc on " + ifname);
            int progFd = program.fd().acquire(); // the filter names the program by this number
            try {
                NetlinkMessage filter = new NetlinkMessage(RTM_NEWTFILTER, NetlinkMessage.NLM_F_CREATE
                        | NetlinkMessage.NLM_F_EXCL).tcmsg(ifindex, FILTER_HANDLE, parent, info)
                        .string(TCA_KIND, "bpf").begin(TCA_OPTIONS).u32(TCA_BPF_FD, progFd)
                        .string(TCA_BPF_NAME, program.name()).u32(TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT).end();
                nl.request(filter, what).check("RTM_NEWTFILTER (cls_bpf, priority " + FILTER_PRIORITY + ", handle "
                        + FILTER_HANDLE + ")", what);
            } catch (RuntimeException e) {
                if (createdQdisc) deleteQdisc(nl, ifindex, ifname);
                throw e;
            } finally {
                program.fd().release();
            }
            return Link.legacy(what + " (clsact + cls_bpf)", () -> detach(ifindex, ifname, parent, info, createdQdisc, what));
        }
    }

    /** Deletes our filter, and the clsact qdisc when this attachment created it. */
    private static void detach(int ifindex, String ifname, int parent, int info, boolean createdQdisc, String what) {
        try (Netlink nl = Netlink.openRoute()) {
            nl.request(new NetlinkMessage(RTM_DELTFILTER, 0).tcmsg(ifindex, FILTER_HANDLE, parent, info)
                    .string(TCA_KIND, "bpf"), what).check("RTM_DELTFILTER", what);
            if (createdQdisc) deleteQdisc(nl, ifindex, ifname).check("RTM_DELQDISC (clsact)", "clsact qdisc on " + ifname);
        }
    }

    private static Netlink.Ack deleteQdisc(Netlink nl, int ifindex, String ifname) {
        return nl.request(new NetlinkMessage(RTM_DELQDISC, 0).tcmsg(ifindex, CLSACT_HANDLE, TC_H_CLSACT, 0)
                .string(TCA_KIND, "clsact"), "clsact qdisc on " + ifname);
    }

    private static String what(LoadedProgram program, String ifname, TcDirection direction) {
        return "tc program '" + program.name() + "' on " + ifname + " " + direction.name().toLowerCase();
    }
}
