package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.Disassembler;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.IsaLevel;

/** Compiles one IR function (no optimization) to machine code and prints it as llvm-objdump does. */
final class Listing {
    private Listing() {}

    static List<Insn> code(Function f) {
        return code(f, Pipeline.DEFAULT_LEVEL);
    }

    static List<Insn> code(Function f, IsaLevel level) {
        AssembledCode code = CodeEmitter.assemble(Pipeline.machineCode(f, level), name -> new CodeEmitter.GlobalPlacement(".bss", 0), null);
        return code.insns();
    }

    static List<String> lines(Function f) {
        return lines(f, Pipeline.DEFAULT_LEVEL);
    }

    static List<String> lines(Function f, IsaLevel level) {
        Disassembler d = new Disassembler();
        List<String> out = new ArrayList<>();
        for (Insn i : code(f, level)) out.add(d.format(i));
        return out;
    }

    static int slots(Function f) {
        int n = 0;
        for (Insn i : code(f)) n += i.slots();
        return n;
    }
}
