package org.bpf4j.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @BpfStruct} class with its C layout: members in declaration order, each at its natural
 * alignment, the total size padded to the struct's alignment. Built once by {@link StructModels};
 * the compiler (BTF, field offsets) and the skeleton (codecs) both read it.
 *
 * <p>{@code networkOrder}: multi-byte members are big-endian in memory ({@code @BpfStruct(networkOrder
 * = true)}, packet headers) while Java code sees host values.
 */
public record StructModel(TypeElement element, List<FieldLayout> fields, int size, int alignment,
        boolean networkOrder) {

    public StructModel {
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
