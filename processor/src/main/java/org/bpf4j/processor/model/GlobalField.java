package org.bpf4j.processor.model;

import java.util.Optional;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * A static, non-final, non-map field of a BPF class: a global variable in
 * {@code .bss}, {@code .data} or {@code .rodata}.
 *
 * @param field the Java field
 * @param name the symbol name (the field name)
 * @param section where it lives
 * @param offset byte offset within its section
 * @param size bytes (element size × length for an array)
 * @param type the primitive kind of the field, or of its elements for an array
 * @param arrayLength the {@code @Size} of an array global, 0 for a scalar
 * @param initialValue the constant initial value ({@code Long}, {@code Integer}, {@code Short},
 *     {@code Byte}, {@code Character} or {@code Boolean}), empty when zero (arrays always start zeroed)
 */
public record GlobalField(
        VariableElement field,
        String name,
        GlobalSection section,
        int offset,
        int size,
        TypeKind type,
        int arrayLength,
        Optional<Object> initialValue) {

    public boolean isArray() {
        return arrayLength > 0;
    }

    /** The initial value as the little-endian bits stored in the section. */
    public long initialBits() {
        return initialValue.map(JavaConstants::bits).orElse(0L);
    }
}
