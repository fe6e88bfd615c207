package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;

/** XDP: a BPF link (kernel 5.9+), or RTM_SETLINK with IFLA_XDP on older kernels. */
final class XdpAttach {
    private static final int RTM_SETLINK = 19, IFLA_XDP = 43;
    private static final int IFLA_XDP_FD = 1, IFLA_XDP_FLAGS = 3, IFLA_XDP_EXPECTED_FD = 8;
    private static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1, XDP_FLAGS_REPLACE = 1 << 4;

    private XdpAttach() {}

    static Link attach(LoadedProgram program, int ifindex, String ifname, XdpMode mode) {
        KernelTypes.require(program, "XDP", KernelTypes.XDP);
        String what = what(program, ifname, mode);
        return Fallback.linkOr(() -> Link.bpfLink(
                        program.fd().apply(p -> BpfSyscall.linkCreate(p, ifindex, KernelTypes.ATTACH_XDP, mode.flags, null, what)),
                        what + " (BPF link)"),
                () -> viaNetlink(program, ifindex, ifname, mode));
    }

    /** Attaches through netlink, refusing to replace a program already there. */
    static Link viaNetlink(LoadedProgram program, int ifindex, String ifname, XdpMode mode) {
        KernelTypes.require(program, "XDP", KernelTypes.XDP);
        String what = what(program, ifname, mode);
        Fd progCopy = OwnedFds.dupProgram(program);
        try (Netlink nl = Netlink.openRoute()) {
            progCopy.use(p -> nl.request(new NetlinkMessage(RTM_SETLINK, 0).ifinfo(ifindex).begin(IFLA_XDP)
                    .u32(IFLA_XDP_FD, p).u32(IFLA_XDP_FLAGS, mode.flags | XDP_FLAGS_UPDATE_IF_NOEXIST).end(), what)
                    .check("RTM_SETLINK (attach XDP)", what));
        } catch (RuntimeException e) {
            progCopy.close();
            throw e;
        }
        return Link.legacy(what + " (netlink)", () -> detach(ifindex, mode, progCopy, what), progCopy);
    }

    /** Removes our program only: XDP_FLAGS_REPLACE with the expected fd leaves a newer one alone. */
    private static void detach(int ifindex, XdpMode mode, Fd progCopy, String what) {
        try (Netlink nl = Netlink.openRoute()) {
            progCopy.use(p -> nl.request(new NetlinkMessage(RTM_SETLINK, 0).ifinfo(ifindex).begin(IFLA_XDP)
                    .u32(IFLA_XDP_FD, -1).u32(IFLA_XDP_FLAGS, mode.flags | XDP_FLAGS_REPLACE)
                    .u32(IFLA_XDP_EXPECTED_FD, p).end(), what).check("RTM_SETLINK (detach XDP)", what));
        }
    }

    private static String what(LoadedProgram program, String ifname, XdpMode mode) {
        return "XDP program '" + program.name() + "' on " + ifname
                + (mode == XdpMode.DEFAULT ? "" : " (" + mode.name().toLowerCase() + " mode)");
    }
}
