package org.bpf4j.runtime.attach;

import java.nio.file.Path;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.runtime.probe.LinkKind;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;

/** Cgroup hooks: a BPF link on the cgroup directory (5.7+), or BPF_PROG_ATTACH with multi-attach before that. */
final class CgroupAttach {
    private static final int BPF_F_ALLOW_MULTI = 1 << 1;

    private CgroupAttach() {}

    static Link attach(LoadedProgram program, Path cgroup, CgroupAttachType type) {
        KernelTypes.require(program, "cgroup hook " + type, type.programType);
        Path dir = Cgroups.resolve(cgroup);
        if (!FeatureProbes.link(LinkKind.CGROUP)) return viaProgAttach(program, dir, type);
        String what = what(program, dir, type);
        // the link holds the cgroup itself, so the directory fd is only needed to create it
        try (Fd cgroupFd = OwnedFds.openDirectory(dir.toString(), "cgroup " + dir)) {
            Fd link = Fd.applyBoth(program.fd(), cgroupFd, (p, c) -> BpfSyscall.linkCreate(p, c, type.kernelValue, 0, null, what));
            return Link.bpfLink(link, what + " (BPF link)");
        }
    }

    static Link viaProgAttach(LoadedProgram program, Path cgroup, CgroupAttachType type) {
        KernelTypes.require(program, "cgroup hook " + type, type.programType);
        Path dir = Cgroups.resolve(cgroup);
        String what = what(program, dir, type);
        Fd cgroupFd = OwnedFds.openDirectory(dir.toString(), "cgroup " + dir);
        Fd progCopy = null;
        try {
            progCopy = OwnedFds.dupProgram(program);
            Fd.applyBoth(cgroupFd, progCopy, (c, p) -> {
                BpfSyscall.progAttach(c, p, type.kernelValue, BPF_F_ALLOW_MULTI, 0, what);
                return null;
            });
        } catch (RuntimeException e) {
            cgroupFd.close();
            if (progCopy != null) progCopy.close();
            throw e;
        }
        Fd prog = progCopy;
        return Link.legacy(what + " (PROG_ATTACH)",
                () -> Fd.applyBoth(cgroupFd, prog, (c, p) -> {
                    BpfSyscall.progDetach(c, p, type.kernelValue, what);
                    return null;
                }), prog, cgroupFd);
    }

    private static String what(LoadedProgram program, Path cgroup, CgroupAttachType type) {
        return "cgroup program '" + program.name() + "' on " + cgroup + " at " + type.name().toLowerCase();
    }
}
