package org.bpf4j.runtime.load;

/**
 * An instruction that refers to a symbol the object does not define: a {@code __kconfig} or
 * {@code __ksym} variable ({@code ld_imm64}) or a kfunc ({@code call}), which the loader
 * resolves against the running kernel as libbpf does.
 *
 * @param section the code section holding the instruction
 * @param offset  byte offset of the instruction in that section
 * @param symbol  the extern's name
 * @param weak    declared {@code __weak}: a missing extern is 0 (or a poisoned kfunc call)
 */
public record ExternRef(String section, long offset, String symbol, boolean weak) {
}
