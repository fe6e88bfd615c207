package org.bpf4j.runtime.attach;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Errno;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/**
 * Programs that hook a whole network namespace (sk_lookup, flow dissector): a BPF link on the
 * namespace's file ({@code /proc/<pid>/ns/net}, or {@code /run/netns/<name>} as {@code ip netns}
 * makes them), which works from any namespace.
 */
final class NetnsAttach {
    private static final int ATTACH_FLOW_DISSECTOR = 17, ATTACH_SK_LOOKUP = 36;

    private NetnsAttach() {}

    static Link attach(LoadedProgram program, Path namespace) {
        KernelTypes.require(program, "a network namespace hook", KernelTypes.SK_LOOKUP, KernelTypes.FLOW_DISSECTOR);
        int attachType = program.type() == KernelTypes.SK_LOOKUP ? ATTACH_SK_LOOKUP : ATTACH_FLOW_DISSECTOR;
        if (!Files.exists(namespace)) {
            throw new BpfNotFoundException("network namespace file " + namespace + " does not exist (use"
                    + " /proc/<pid>/ns/net or /run/netns/<name>)", Errno.ENOENT);
        }
        String what = KernelTypes.programTypeName(program.type()) + " program '" + program.name() + "' on network"
                + " namespace " + namespace;
        int nsFd = (int) Sys.check(LibC.open(namespace.toString(), AttachLibC.O_RDONLY | AttachLibC.O_CLOEXEC, 0),
                "open", "network namespace " + namespace);
        // the link holds the namespace itself
        try (Fd ns = new Fd(nsFd, "network namespace " + namespace)) {
            Fd link = Fd.applyBoth(program.fd(), ns, (p, n) -> BpfSyscall.linkCreate(p, n, attachType, 0, null, what));
            return Link.bpfLink(link, what + " (BPF link)");
        }
    }
}
