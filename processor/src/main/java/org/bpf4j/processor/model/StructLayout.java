package org.bpf4j.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * The C layout of a {@code @BpfStruct} class: members in declaration order, each at its natural
 * alignment, the total size padded to the struct's alignment. Computed once by
 * {@link StructLayouts}; the compiler (BTF, field offsets) and the skeleton (codecs) both read it.
 *
 * <p>{@code networkOrder}: multi-byte members are big-endian in memory ({@code @BpfStruct(networkOrder
 * = true)}, packet headers) while Java code sees host values.
 */
public record StructLayout(TypeElement element, List<FieldLayout> fields, int size, int alignment,
        boolean networkOrder) {

    public StructLayout {
        fields = List.copyOf(fields);
    }

    public Optional<FieldLayout> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The C struct name: the simple class name. */
    public String cName() {
        return element.getSimpleName().toString();
    }
}
