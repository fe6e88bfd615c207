package org.bpf4j.object.elf;

/**
 * One entry of a symbol table. {@code sectionIndex} is the raw {@code st_shndx}: 0 for undefined
 * symbols, {@link Elf#SHN_ABS} / {@link Elf#SHN_COMMON} for the special ones.
 */
public record ElfSymbol(int index, String name, long value, long size, int info, int other, int sectionIndex) {

    public int type() {
        return info & 0xf;
    }

    public int bind() {
        return info >>> 4;
    }

    public int visibility() {
        return other & 0x3;
    }

    public boolean isLocal() {
        return bind() == Elf.STB_LOCAL;
    }

    public boolean isDefined() {
        return sectionIndex != Elf.SHN_UNDEF;
    }

    /** The section the symbol is defined in, or -1 for undefined, absolute and common symbols. */
    public int definingSection() {
        return sectionIndex == Elf.SHN_UNDEF || sectionIndex >= Elf.SHN_LORESERVE ? -1 : sectionIndex;
    }

    static int info(int bind, int type) {
        return (bind << 4) | (type & 0xf);
    }
}
