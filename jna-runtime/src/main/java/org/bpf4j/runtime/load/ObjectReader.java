package org.bpf4j.runtime.load;

import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.BpfObjectReader;
import org.bpf4j.object.elf.ElfFile;

/**
 * Opens a libbpf-style object for {@link ObjectLoader}: the {@link BpfObject} plus the
 * {@link SectionLayout} that holds what the model leaves out (section sizes, symbol offsets,
 * extern references). Relocations against externs are taken out of the bytes handed to
 * {@link BpfObjectReader}, which models maps, data and calls only.
 */
public final class ObjectReader {
    private ObjectReader() {}

    /** An opened object and its layout. */
    public record Opened(BpfObject object, SectionLayout layout) {}

    /** Reads {@code elf}; throws {@code ElfFormatException} naming what is malformed. */
    public static Opened read(byte[] elf) {
        ElfFile file = ElfFile.parse(elf);
        SectionLayout layout = SectionLayout.of(file);
        BpfObject object = layout.externs().isEmpty() ? BpfObjectReader.read(file)
                : BpfObjectReader.read(SectionLayout.withoutExternRelocations(elf, file));
        return new Opened(object, layout);
    }
}
