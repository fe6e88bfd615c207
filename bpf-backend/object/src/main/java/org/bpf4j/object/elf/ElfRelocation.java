package org.bpf4j.object.elf;

/**
 * One relocation: the byte {@code offset} inside the target section, the index of the symbol in
 * the linked symbol table, the machine-specific {@code type}, and the addend (0 for {@code SHT_REL}).
 */
public record ElfRelocation(long offset, int symbolIndex, int type, long addend) {

    public ElfRelocation(long offset, int symbolIndex, int type) {
        this(offset, symbolIndex, type, 0);
    }
}
