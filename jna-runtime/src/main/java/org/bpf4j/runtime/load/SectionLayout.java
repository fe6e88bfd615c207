package org.bpf4j.runtime.load;

import java.util.HashMap;
import java.util.Map;
import org.bpf4j.backend.elf.ElfFile;
import org.bpf4j.backend.elf.ElfSection;
import org.bpf4j.backend.elf.ElfSymbol;

/**
 * Section sizes and symbol offsets from an object's ELF symbol table: what BTF DATASECs leave
 * out (compilers write size 0 and, in {@code .maps}, every variable at offset 0).
 */
public final class SectionLayout {
    private final Map<String, Long> sizes = new HashMap<>();
    private final Map<String, Map<String, Long>> offsets = new HashMap<>();

    private SectionLayout() {}

    /** Reads the layout of the ELF object {@code elf}. */
    public static SectionLayout of(byte[] elf) {
        ElfFile file = ElfFile.parse(elf);
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
        return layout;
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
}
