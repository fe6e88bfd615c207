package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.Disassembler;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.object.isa.Insn;

/** Compiles one IR function (no optimization) to machine code and prints it as llvm-objdump does. */
final class Listing {
    private Listing() {}

    static List<Insn> code(Function f) {
        AssembledCode code = CodeEmitter.assemble(Pipeline.machineCode(f), name -> new CodeEmitter.GlobalPlacement(".bss", 0), null);
        return code.insns();
    }

    static List<String> lines(Function f) {
        Disassembler d = new Disassembler();
        List<String> out = new ArrayList<>();
        for (Insn i : code(f)) out.add(d.format(i));
        return out;
    }

    static int slots(Function f) {
        int n = 0;
        for (Insn i : code(f)) n += i.slots();
        return n;
    }
}
