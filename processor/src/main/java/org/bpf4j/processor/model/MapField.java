package org.bpf4j.processor.model;

import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.annotation.Pinning;

/**
 * A {@code @BpfMap} field.
 *
 * @param field the static field
 * @param name the map name (ELF symbol in {@code .maps})
 * @param kind the kernel map type, from {@code @KernelMap} on the field's class
 * @param shape how the class carries key and value types
 * @param mapClass the {@code org.bpf4j.lang} map class
 * @param keyType the key type argument, empty when the kernel fixes the key (arrays) or there is none
 * @param valueType the value type argument, empty when the kernel fixes it or there is none
 * @param recordType the record type of a ring buffer or perf event array
 * @param keySize key size in bytes (0 for ring buffers)
 * @param valueSize value size in bytes of one CPU's value (0 for ring buffers)
 * @param maxEntries {@code max_entries}
 * @param flags {@code map_flags}
 * @param pinning the pinning mode
 */
public record MapField(
        VariableElement field,
        String name,
        MapKind kind,
        MapShape shape,
        TypeElement mapClass,
        Optional<TypeMirror> keyType,
        Optional<TypeMirror> valueType,
        Optional<TypeMirror> recordType,
        int keySize,
        int valueSize,
        int maxEntries,
        int flags,
        Pinning pinning) {

    public String fieldName() {
        return field.getSimpleName().toString();
    }
}
