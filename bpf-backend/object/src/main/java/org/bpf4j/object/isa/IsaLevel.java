package org.bpf4j.object.isa;

import java.util.List;
import java.util.Locale;

/**
 * The eBPF instruction set levels compilers target ({@code clang -mcpu=v1..v4}, GCC the same):
 * each adds instruction forms to the one below, and kernels accept a level from the release
 * named here on. Which form needs which level is {@link IsaForm}'s table; a level's
 * {@link #signature()} is the one instruction a probe loads to see whether a kernel has it.
 *
 * <p>ALU32 arithmetic other than the arithmetic shift is older than every level (the kernel ran
 * it from the start, whatever clang's {@code -malu32} default per level), so it needs none.
 */
public enum IsaLevel {
    V1("3.18", Insn.mov64Imm(0, 0)),
    V2("4.14", Insn.jmpImm(JmpOp.JLT, 0, 0, 0)),
    V3("5.1", Insn.jmp32Imm(JmpOp.JEQ, 0, 0, 0)),
    V4("6.6", Insn.movsx64(0, 0, 32));

    private final String sinceKernel;
    private final Insn signature;

    IsaLevel(String sinceKernel, Insn signature) {
        this.sinceKernel = sinceKernel;
        this.signature = signature;
    }

    /** The Linux release from which on the kernel accepts this level. */
    public String sinceKernel() {
        return sinceKernel;
    }

    /** One instruction of this level that no lower level has (it reads and writes r0 only). */
    public Insn signature() {
        return signature;
    }

    /** The name compilers take: {@code v1}..{@code v4}. */
    public String cpuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(IsaLevel other) {
        return compareTo(other) >= 0;
    }

    /** The level named {@code v1}..{@code v4} (case-insensitive). */
    public static IsaLevel ofCpuName(String name) {
        for (IsaLevel l : values()) {
            if (l.cpuName().equalsIgnoreCase(name.strip())) return l;
        }
        throw new IllegalArgumentException("'" + name + "' is no eBPF ISA level: expected v1, v2, v3 or v4");
    }

    /** The level {@code insn} needs: the highest of its forms', {@link #V1} for the base instruction set. */
    public static IsaLevel of(Insn insn) {
        IsaForm form = IsaForm.of(insn);
        return form == null ? V1 : form.level();
    }

    /** The highest level any of {@code code} needs, with the first instruction that needs it. */
    public static Requirement required(List<Insn> code) {
        Requirement highest = new Requirement(V1, null, -1);
        for (int i = 0; i < code.size(); i++) {
            IsaForm form = IsaForm.of(code.get(i));
            if (form != null && form.level().compareTo(highest.level()) > 0) highest = new Requirement(form.level(), form, i);
        }
        return highest;
    }

    /**
     * What some code needs: {@code level}, because of {@code form} (null at {@link #V1}) at
     * instruction {@code index} (the position in the list, -1 at {@link #V1}).
     */
    public record Requirement(IsaLevel level, IsaForm form, int index) {
        /** E.g. {@code v4 (sign-extending move, instruction 12)}. */
        public String describe() {
            return form == null ? level.cpuName() : level.cpuName() + " (" + form.description() + ", instruction " + index + ")";
        }
    }
}
