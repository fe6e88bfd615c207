package org.bpf4j.processor.lower;

import javax.lang.model.type.TypeKind;
import org.bpf4j.processor.lower.JValue.Scalar;

/** Something a Java assignment can target: a local, a struct member, an array element, a context member, a global. */
interface Place {
    TypeKind kind();

    Scalar read();

    /** Stores {@code value}, which already has {@link #kind()}. */
    void write(Scalar value);
}
