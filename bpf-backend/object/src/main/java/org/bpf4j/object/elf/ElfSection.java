package org.bpf4j.object.elf;

/**
 * One section header as read from a file. The bytes are in {@link ElfFile#contents(ElfSection)};
 * a {@code SHT_NOBITS} section ({@code .bss}) has a size but no bytes in the file.
 */
public record ElfSection(
        int index,
        String name,
        int type,
        long flags,
        long address,
        long offset,
        long size,
        int link,
        int info,
        long alignment,
        long entrySize) {

    public boolean isNobits() {
        return type == Elf.SHT_NOBITS;
    }

    public boolean hasFlag(long flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return "section [" + index + "] '" + name + "'";
    }
}
