package org.bpf4j.object.btf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * The running kernel's type information ({@code /sys/kernel/btf/vmlinux}): types by name and
 * kind, field offsets (for context and kernel struct access), function ids (for fentry/fexit
 * attach targets).
 */
public final class KernelBtf {
    public static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");

    private static volatile KernelBtf vmlinux;

    private final Btf btf;

    private KernelBtf(Btf btf) {
        this.btf = btf;
    }

    /** The running kernel's BTF, read once and shared. */
    public static KernelBtf vmlinux() {
        KernelBtf k = vmlinux;
        if (k == null) {
            synchronized (KernelBtf.class) {
                k = vmlinux;
                if (k == null) {
                    try {
                        k = load(VMLINUX);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read kernel BTF " + VMLINUX
                                + " (needs CONFIG_DEBUG_INFO_BTF)", e);
                    }
                    vmlinux = k;
                }
            }
        }
        return k;
    }

    /** Reads a kernel BTF file (vmlinux or a saved copy of it). */
    public static KernelBtf load(Path file) throws IOException {
        return new KernelBtf(Btf.parse(Files.readAllBytes(file)));
    }

    /** Wraps already parsed BTF. */
    public static KernelBtf of(Btf btf) {
        return new KernelBtf(btf);
    }

    public Btf btf() {
        return btf;
    }

    /** The id of the type {@code name} of kind {@code kind}. */
    public OptionalInt findType(String name, BtfKind kind) {
        return btf.findId(name, kind);
    }

    /** Offset and size of a field such as {@code "task_struct.pid"}; see {@link FieldPaths}. */
    public FieldLocation field(String path) {
        return FieldPaths.resolve(btf, path);
    }

    /**
     * The BTF id of kernel function {@code name} (the FUNC type): the attach target of fentry,
     * fexit and fmod_ret programs, of LSM programs ({@code bpf_lsm_<hook>}), and a kfunc's id.
     */
    public int functionId(String name) {
        return btf.findId(name, BtfKind.FUNC).orElseThrow(() -> new NoSuchElementException(
                "kernel function '" + name + "' has no BTF (not in vmlinux BTF, or inlined)"));
    }

    /** The signature of kernel function {@code name}: its return type and named parameters. */
    public BtfType.FuncProto functionPrototype(String name) {
        return btf.type(btf.type(functionId(name), BtfType.Func.class).proto(), BtfType.FuncProto.class);
    }

    /**
     * The attach target of a BTF-enabled raw tracepoint ({@code tp_btf/<name>}): the typedef
     * {@code btf_trace_<name>}, a pointer to the prototype whose parameters after the first are
     * the tracepoint's arguments.
     */
    public int tracepointId(String name) {
        return btf.findId("btf_trace_" + name, BtfKind.TYPEDEF).orElseThrow(() -> new NoSuchElementException(
                "kernel tracepoint '" + name + "' has no BTF (no typedef btf_trace_" + name + ")"));
    }
}
