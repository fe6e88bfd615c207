package org.bpf4j.compiler;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bpf4j.compiler.emit.InstructionSelector;
import org.bpf4j.compiler.emit.ObjectEmitter;
import org.bpf4j.compiler.emit.Peephole;
import org.bpf4j.compiler.emit.TargetLevelException;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.IrChecker;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.opt.Optimizer;
import org.bpf4j.compiler.regalloc.OutOfSsa;
import org.bpf4j.compiler.regalloc.RegisterAllocator;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectWriter;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.IsaLevel;

/**
 * The compiler's stages in order, IR module to object bytes. The front end (the annotation
 * processor) builds the {@link Module}; everything after that happens here:
 *
 * <ol>
 *   <li>check: the module obeys the IR's rules ({@link IrChecker});
 *   <li>optimize: the passes rewrite the IR in place ({@link Optimizer});
 *   <li>per function, select machine instructions over virtual registers ({@link InstructionSelector}),
 *       take phi copies back out of edge blocks where they may run on both ways ({@link OutOfSsa}),
 *       allocate registers and stack ({@link RegisterAllocator}), clean up ({@link Peephole});
 *   <li>assemble: lay out globals and maps, resolve jumps, describe it all in BTF ({@link ObjectEmitter});
 *   <li>write: the ELF relocatable object libbpf loads ({@link BpfObjectWriter}).
 * </ol>
 *
 * Code is selected for a target {@link IsaLevel} ({@link #DEFAULT_LEVEL} unless given), and
 * the assembled object is checked to need no more.
 */
public final class Pipeline {
    /** v3: what every kernel since 5.1 runs. */
    public static final IsaLevel DEFAULT_LEVEL = IsaLevel.V3;

    private Pipeline() {}

    /** Compiles {@code module} (optimizing it in place) for {@link #DEFAULT_LEVEL}. */
    public static byte[] compile(Module module) {
        return compile(module, DEFAULT_LEVEL);
    }

    /** Compiles {@code module} (optimizing it in place) to the bytes of a libbpf-style object of ISA {@code level}. */
    public static byte[] compile(Module module, IsaLevel level) {
        return BpfObjectWriter.write(toObject(module, true, level));
    }

    /** The object before writing, for {@link #DEFAULT_LEVEL}. */
    public static BpfObject toObject(Module module, boolean optimize) {
        return toObject(module, optimize, DEFAULT_LEVEL);
    }

    /** The object before writing; {@code optimize} false keeps the IR as built (for tests of the later stages). */
    public static BpfObject toObject(Module module, boolean optimize, IsaLevel level) {
        IrChecker.check(module);
        if (optimize) Optimizer.optimize(module);
        Map<Function, MFunction> machineCode = new LinkedHashMap<>();
        for (Function f : module.functions()) machineCode.put(f, machineCode(f, level));
        BpfObject object = ObjectEmitter.assemble(module, machineCode);
        checkLevel(object, level);
        return object;
    }

    /** Machine code of one function for {@link #DEFAULT_LEVEL}. */
    public static MFunction machineCode(Function f) {
        return machineCode(f, DEFAULT_LEVEL);
    }

    /** Machine code of one function after selection, allocation and peephole. */
    public static MFunction machineCode(Function f, IsaLevel level) {
        MFunction mf = InstructionSelector.select(f, level);
        OutOfSsa.hoistEdgeCopies(mf);
        RegisterAllocator.allocate(mf);
        Peephole.run(mf, level);
        return mf;
    }

    /** Selection keeps to the level; what assembly adds (gotol for a far jump) may not. */
    private static void checkLevel(BpfObject object, IsaLevel level) {
        for (ProgramSpec p : object.programs()) {
            IsaLevel.Requirement needed = IsaLevel.required(p.insns());
            if (!level.includes(needed.level())) {
                throw new TargetLevelException(p.name() + " needs ISA " + needed.describe() + ", the target is "
                        + level.cpuName() + " (-Abpf4j.cpu)");
            }
        }
    }
}
