package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;

/**
 * sk_skb and sk_msg programs: BPF_PROG_ATTACH with the sockmap or sockhash as target. They apply
 * to sockets added to the map afterwards; closing detaches them from the map.
 */
final class SockMapAttach {
    private static final int MAP_SOCKMAP = 15, MAP_SOCKHASH = 18;

    private SockMapAttach() {}

    static Link attach(LoadedProgram program, KernelMap map, SockMapAttachType type) {
        KernelTypes.require(program, "sockmap hook " + type, type.programType);
        if (map.type() != MAP_SOCKMAP && map.type() != MAP_SOCKHASH) {
            throw new IllegalArgumentException("map '" + map.name() + "' is of kind " + map.kind()
                    + "; sk_skb and sk_msg programs attach to a SOCKMAP or SOCKHASH");
        }
        String what = "sockmap program '" + program.name() + "' on map '" + map.name() + "' as "
                + type.name().toLowerCase();
        Fd mapCopy = OwnedFds.dup(map.fd(), "map '" + map.name() + "'");
        Fd progCopy = null;
        try {
            progCopy = OwnedFds.dupProgram(program);
            Fd.applyBoth(mapCopy, progCopy, (m, p) -> {
                BpfSyscall.progAttach(m, p, type.kernelValue, 0, 0, what);
                return null;
            });
        } catch (RuntimeException e) {
            mapCopy.close();
            if (progCopy != null) progCopy.close();
            throw e;
        }
        Fd prog = progCopy;
        return Link.legacy(what + " (PROG_ATTACH)",
                () -> Fd.applyBoth(mapCopy, prog, (m, p) -> {
                    BpfSyscall.progDetach(m, p, type.kernelValue, what);
                    return null;
                }), prog, mapCopy);
    }
}
