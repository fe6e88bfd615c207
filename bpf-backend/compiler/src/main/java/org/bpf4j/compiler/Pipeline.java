package org.bpf4j.compiler;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bpf4j.compiler.emit.InstructionSelector;
import org.bpf4j.compiler.emit.ObjectEmitter;
import org.bpf4j.compiler.emit.Peephole;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.opt.Optimizer;
import org.bpf4j.compiler.regalloc.RegisterAllocator;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectWriter;

/**
 * The compiler's stages in order, IR module to object bytes. The front end (the annotation
 * processor) builds the {@link Module}; everything after that happens here:
 *
 * <ol>
 *   <li>check: the module obeys the IR's rules ({@link IrChecker});
 *   <li>optimize: the passes rewrite the IR in place ({@link Optimizer});
 *   <li>per function, select machine instructions over virtual registers ({@link InstructionSelector}),
 *       allocate registers and stack ({@link RegisterAllocator}), clean up ({@link Peephole});
 *   <li>assemble: lay out globals and maps, resolve jumps, describe it all in BTF ({@link ObjectEmitter});
 *   <li>write: the ELF relocatable object libbpf loads ({@link BpfObjectWriter}).
 * </ol>
 */
public final class Pipeline {
    private Pipeline() {}

    /** Compiles {@code module} (optimizing it in place) to the bytes of a libbpf-style object. */
    public static byte[] compile(Module module) {
        return BpfObjectWriter.write(toObject(module, true));
    }

    /** The object before writing; {@code optimize} false keeps the IR as built (for tests of the later stages). */
    public static BpfObject toObject(Module module, boolean optimize) {
        IrChecker.check(module);
        if (optimize) Optimizer.optimize(module);
        Map<Function, MFunction> machineCode = new LinkedHashMap<>();
        for (Function f : module.functions()) machineCode.put(f, machineCode(f));
        return ObjectEmitter.assemble(module, machineCode);
    }

    /** Machine code of one function after selection, allocation and peephole. */
    public static MFunction machineCode(Function f) {
        MFunction mf = InstructionSelector.select(f);
        RegisterAllocator.allocate(mf);
        Peephole.run(mf);
        return mf;
    }
}
