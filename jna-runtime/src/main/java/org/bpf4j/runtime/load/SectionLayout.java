package org.bpf4j.runtime.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.object.elf.Elf;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.elf.ElfFormatException;
import org.bpf4j.object.elf.ElfRelocation;
import org.bpf4j.object.elf.ElfSection;
import org.bpf4j.object.elf.ElfSymbol;

/**
 * What an object's ELF symbol table says beyond its {@code BpfObject}: section sizes and symbol
 * offsets (which BTF DATASECs leave out: compilers write size 0 and, in {@code .maps}, every
 * variable at offset 0), and the code relocations against undefined symbols, the
 * {@code __kconfig}/{@code __ksym} externs and kfunc calls.
 */
public final class SectionLayout {
    private final Map<String, Long> sizes = new HashMap<>();
    private final Map<String, Map<String, Long>> offsets = new HashMap<>();
    private final List<ExternRef> externs = new ArrayList<>();

    private SectionLayout() {}

    /** Reads the layout of the ELF object {@code elf}. */
    public static SectionLayout of(byte[] elf) {
        return of(ElfFile.parse(elf));
    }

    /** Reads the layout of an already parsed ELF object. */
    public static SectionLayout of(ElfFile file) {
        SectionLayout layout = new SectionLayout();
        for (ElfSection s : file.sections()) layout.sizes.put(s.name(), s.size());
        for (ElfSymbol sym : file.symbols()) {
            if (!sym.isDefined() || sym.name().isEmpty() || sym.definingSection() <= 0
                    || sym.definingSection() >= file.sections().size()) {
                continue;
            }
            String section = file.section(sym.definingSection()).name();
            layout.offsets.computeIfAbsent(section, k -> new HashMap<>()).put(sym.name(), sym.value());
        }
        for (ElfSection rel : file.sections()) {
            if (!isCodeRelocations(file, rel)) continue;
            String section = file.section(rel.info()).name();
            for (ElfRelocation r : file.relocations(rel)) {
                ElfSymbol sym = file.symbols().get(r.symbolIndex());
                if (isExtern(sym)) layout.externs.add(new ExternRef(section, r.offset(), sym.name(), sym.bind() == Elf.STB_WEAK));
            }
        }
        return layout;
    }

    /**
     * A copy of {@code elf} whose code relocation sections no longer hold the relocations
     * against externs (those are {@link #externs()}), so that an object reader that knows only
     * maps, data and calls accepts it; the same bytes when there are none.
     */
    static byte[] withoutExternRelocations(byte[] elf, ElfFile file) {
        byte[] copy = null;
        ByteBuffer header = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = header.getLong(40);
        for (ElfSection rel : file.sections()) {
            if (!isCodeRelocations(file, rel)) continue;
            List<ElfRelocation> entries = file.relocations(rel);
            int kept = 0;
            for (int i = 0; i < entries.size(); i++) {
                if (isExtern(file.symbols().get(entries.get(i).symbolIndex()))) continue;
                if (copy == null) copy = elf.clone();
                if (kept != i) {
                    System.arraycopy(elf, (int) rel.offset() + i * Elf.REL_SIZE, copy,
                            (int) rel.offset() + kept * Elf.REL_SIZE, Elf.REL_SIZE);
                }
                kept++;
            }
            if (kept == entries.size()) continue;
            if (copy == null) copy = elf.clone();
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong((int) (shoff + (long) rel.index() * Elf.SHDR_SIZE + 32), (long) kept * Elf.REL_SIZE);
        }
        return copy == null ? elf : copy;
    }

    private static boolean isCodeRelocations(ElfFile file, ElfSection rel) {
        if (rel.type() != Elf.SHT_REL || rel.info() <= 0 || rel.info() >= file.sections().size()) return false;
        ElfSection target = file.section(rel.info());
        if (target.type() != Elf.SHT_PROGBITS || !target.hasFlag(Elf.SHF_EXECINSTR)) return false;
        // symbols() is the SHT_SYMTAB; relocations against another table would index the wrong one
        ElfSection symbols = rel.link() > 0 && rel.link() < file.sections().size() ? file.section(rel.link()) : null;
        if (symbols == null || symbols.type() != Elf.SHT_SYMTAB) {
            throw new ElfFormatException(rel + " must refer to the SHT_SYMTAB symbol table (its sh_link is "
                    + rel.link() + (symbols == null ? "" : ", " + symbols) + ")");
        }
        return true;
    }

    private static boolean isExtern(ElfSymbol sym) {
        return !sym.isDefined() && !sym.name().isEmpty();
    }

    /** The section's size in bytes, or -1 when the object has no such section. */
    long size(String section) {
        return sizes.getOrDefault(section, -1L);
    }

    /** The offset of symbol {@code name} in {@code section}, or -1 when there is none. */
    long offset(String section, String name) {
        Map<String, Long> m = offsets.get(section);
        return m == null ? -1 : m.getOrDefault(name, -1L);
    }

    /** The instructions that refer to externs, in section and relocation order. */
    public List<ExternRef> externs() {
        return List.copyOf(externs);
    }
}
