package org.bpf4j.compiler.asm;

import java.util.List;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.Insn;

/** The immutable result of {@link Assembler#finish()}: instructions, bytes, relocations, lines. */
public final class AssembledCode {
    private final List<Insn> insns;
    private final byte[] bytes;
    private final List<Relocation> relocations;
    private final List<LineRecord> lines;
    private final List<Mark> marks;

    /** A tag given to {@link Assembler#emitMarked} and the byte offset its instruction ended at. */
    public record Mark(int byteOffset, Object tag) {}

    AssembledCode(List<Insn> insns, List<Relocation> relocations, List<LineRecord> lines, List<Mark> marks) {
        this.insns = List.copyOf(insns);
        this.bytes = Insn.encode(this.insns);
        this.relocations = List.copyOf(relocations);
        this.lines = List.copyOf(lines);
        this.marks = List.copyOf(marks);
    }

    /** Marked instructions, in increasing byte offset. */
    public List<Mark> marks() {
        return marks;
    }

    public List<Insn> insns() {
        return insns;
    }

    /** The encoded instructions, little-endian; a fresh copy on every call. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Number of 8-byte instruction slots. */
    public int slots() {
        return bytes.length / Insn.SLOT_SIZE;
    }

    /** Symbol references, in increasing byte offset. */
    public List<Relocation> relocations() {
        return relocations;
    }

    /** Source line records, in increasing byte offset, at most one per instruction. */
    public List<LineRecord> lines() {
        return lines;
    }
}
