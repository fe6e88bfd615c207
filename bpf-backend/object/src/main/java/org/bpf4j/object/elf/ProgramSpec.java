package org.bpf4j.object.elf;

import java.util.List;
import java.util.Objects;
import org.bpf4j.object.isa.Insn;

/**
 * One function of an object: a program (an entry point the kernel loads, in a section named by
 * libbpf's conventions such as {@code xdp} or {@code tracepoint/sched/sched_process_exec}) or a
 * BPF-to-BPF subprogram (in {@code .text}). Relocation offsets are relative to the function's
 * first instruction; a relocation's symbol is a map, a function, a global data section or
 * variable, or {@code .text} (clang's form of a call to a static function: the callee is then at
 * instruction index imm + 1 of {@code .text}). Several functions may share a section; they are laid out in list order.
 */
public record ProgramSpec(String section, String name, boolean global, List<Insn> insns, List<Relocation> relocations) {
    public static final String SUBPROGRAM_SECTION = ".text";

    public ProgramSpec {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        if (section.isEmpty()) throw new IllegalArgumentException("program '" + name + "' has an empty section name");
        if (name.isEmpty()) throw new IllegalArgumentException("a program in section '" + section + "' has no name");
        insns = List.copyOf(insns);
        relocations = List.copyOf(relocations);
        int size = sizeInBytes(insns);
        for (Relocation r : relocations) {
            if (r.byteOffset() >= size) {
                throw new IllegalArgumentException("program '" + name + "': relocation of '" + r.symbol() + "' at byte "
                        + r.byteOffset() + " is beyond its " + size + " bytes of code");
            }
        }
    }

    /** A global program with the given code. */
    public static ProgramSpec of(String section, String name, List<Insn> insns, List<Relocation> relocations) {
        return new ProgramSpec(section, name, true, insns, relocations);
    }

    public boolean isSubprogram() {
        return section.equals(SUBPROGRAM_SECTION);
    }

    /** The encoded instructions. */
    public byte[] code() {
        return Insn.encode(insns);
    }

    public int sizeInBytes() {
        return sizeInBytes(insns);
    }

    private static int sizeInBytes(List<Insn> insns) {
        int slots = 0;
        for (Insn insn : insns) slots += insn.slots();
        return slots * Insn.SLOT_SIZE;
    }
}
