package org.bpf4j.backend.emit;

import org.bpf4j.backend.elf.BpfObject;
import org.bpf4j.backend.elf.BpfObjectWriter;
import org.bpf4j.backend.ir.Module;
import org.bpf4j.backend.opt.Optimizer;

/** The back end in one call: optimize the module in place, then emit the object. */
public final class BpfCompiler {
    private BpfCompiler() {}

    /** Optimizes {@code module} (in place) and returns the {@code .bpf.o} bytes. */
    public static byte[] compile(Module module) {
        return BpfObjectWriter.write(compileToObject(module));
    }

    public static BpfObject compileToObject(Module module) {
        Optimizer.optimize(module);
        return ObjectEmitter.toBpfObject(module);
    }
}
