package org.bpf4j.compiler.emit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.Assembler;
import org.bpf4j.compiler.asm.Label;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.mir.MBlock;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.compiler.mir.MInsn;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.InsnFormat;

/**
 * Allocated machine code → {@link AssembledCode}: labels per block, jumps through the
 * {@link Assembler} (which relaxes far jumps), symbol references as relocations and a line
 * record wherever the source position changes.
 */
public final class CodeEmitter {
    /** Where a global variable lives: relocations name its section, the offset goes into the instruction. */
    public record GlobalPlacement(String section, int offset) {}

    private CodeEmitter() {}

    /**
     * @param globals  maps a global variable name to its section and offset there
     * @param firstPos position for the function's first instruction when it has none of its own
     *                 (the kernel wants line info at every function start once any is given), or null
     */
    public static AssembledCode assemble(MFunction f, Function<String, GlobalPlacement> globals, SourcePos firstPos) {
        Assembler asm = new Assembler();
        Map<MBlock, Label> labels = new HashMap<>();
        for (MBlock b : f.blocks()) labels.put(b, asm.newLabel(b.name()));
        SourcePos last = null;
        boolean first = true;
        for (MBlock b : f.blocks()) {
            asm.bind(labels.get(b));
            for (MInsn i : b.insns()) {
                SourcePos p = first && i.pos() == null ? firstPos : i.pos();
                first = false;
                if (p != null && !p.equals(last)) {
                    asm.line(p.file(), p.line(), p.column(), p.lineText());
                    last = p;
                }
                emit(asm, i, labels, globals);
            }
        }
        return asm.finish();
    }

    private static void emit(Assembler asm, MInsn i, Map<MBlock, Label> labels, Function<String, GlobalPlacement> globals) {
        Insn insn = i.insn();
        if (i.target() != null) {
            Label l = labels.get(i.target());
            if (l == null) throw new IllegalStateException("jump to block " + i.target().name() + ", which is not in the function");
            Insn r = i.resolve();
            if (insn.format() == InsnFormat.JA) {
                asm.ja(l);
            } else if (insn.format() == InsnFormat.JMP_REG) {
                if (insn.cls() == InsnClass.JMP32) asm.jmp32(insn.jmpOp(), r.dst(), r.src(), l);
                else asm.jmp(insn.jmpOp(), r.dst(), r.src(), l);
            } else {
                if (insn.cls() == InsnClass.JMP32) asm.jmp32Imm(insn.jmpOp(), r.dst(), insn.imm32(), l);
                else asm.jmpImm(insn.jmpOp(), r.dst(), insn.imm32(), l);
            }
            return;
        }
        if (i.relocKind() == Relocation.Kind.CALL) {
            asm.callFunction(i.symbol());
        } else if (i.relocKind() == Relocation.Kind.MAP) {
            asm.ldMap(i.resolve().dst(), i.symbol());
        } else if (i.relocKind() == Relocation.Kind.MAP_VALUE) {
            GlobalPlacement g = Objects.requireNonNull(globals.apply(i.symbol()), () -> "global " + i.symbol() + " has no placement");
            asm.ldMapValue(i.resolve().dst(), g.section(), g.offset() + insn.immHi());
        } else if (i.core() != null) {
            asm.emitMarked(i.resolve(), i.core());
        } else {
            asm.emit(i.resolve());
        }
    }
}
