package org.bpf4j.processor.model;

import java.util.Optional;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One member of a {@code @BpfStruct} in C layout.
 *
 * @param field the Java field
 * @param name the member name (the Java field name)
 * @param offset byte offset from the start of the struct
 * @param size total bytes the member occupies (element size × array length for arrays)
 * @param elementType the scalar or struct type; for an array, its component type
 * @param arrayLength the fixed length of an array member ({@code @Size}), 0 for a non-array
 * @param nested the layout of the element when it is itself a struct
 */
public record FieldLayout(
        VariableElement field,
        String name,
        int offset,
        int size,
        TypeMirror elementType,
        int arrayLength,
        Optional<StructModel> nested) {

    public boolean isArray() {
        return arrayLength > 0;
    }

    /** Size of one element: the member size for a non-array. */
    public int elementSize() {
        return isArray() ? size / arrayLength : size;
    }
}
