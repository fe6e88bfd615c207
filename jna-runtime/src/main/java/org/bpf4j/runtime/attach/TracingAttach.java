package org.bpf4j.runtime.attach;

import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.Sys;

/** Raw tracepoints by name, and BTF-typed programs (fentry, fexit, fmod_ret, tp_btf, LSM) whose target was fixed at load. */
final class TracingAttach {
    private TracingAttach() {}

    static Link rawTracepoint(LoadedProgram program, String name) {
        KernelTypes.require(program, "a raw tracepoint", KernelTypes.RAW_TRACEPOINT, KernelTypes.RAW_TRACEPOINT_WRITABLE);
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("no raw tracepoint name given");
        Fd link = program.fd().apply(p -> BpfSyscall.rawTracepointOpen(name, p));
        return Link.bpfLink(link, "raw tracepoint program '" + program.name() + "' on " + name + " (BPF link)");
    }

    /**
     * RAW_TRACEPOINT_OPEN without a name attaches a BTF-typed program to the kernel function,
     * hook or tracepoint it named at load (its attach BTF id); it works on every kernel that
     * loads such programs.
     */
    static Link btfTyped(LoadedProgram program) {
        KernelTypes.require(program, "fentry/fexit/fmod_ret/tp_btf/LSM attachment", KernelTypes.TRACING, KernelTypes.LSM);
        String what = KernelTypes.programTypeName(program.type()) + " program '" + program.name() + "'"
                + (program.section().isEmpty() ? "" : " (" + program.section() + ")");
        int fd = program.fd().apply(p -> Sys.bpf(BpfCommand.RAW_TRACEPOINT_OPEN, new BpfAttr().u32(8, p), what));
        return Link.bpfLink(new Fd(fd, "link of " + what), what + " (BPF link)");
    }
}
