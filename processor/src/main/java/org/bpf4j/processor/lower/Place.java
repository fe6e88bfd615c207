package org.bpf4j.processor.lower;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.lang.model.type.TypeKind;
import org.bpf4j.processor.lower.JValue.Scalar;

/** Something a Java assignment can target: a local, a struct member, an array element, a context member, a global. */
interface Place {
    TypeKind kind();

    Scalar read();

    /** Stores {@code value}, which already has {@link #kind()}. */
    void write(Scalar value);

    /** A place of {@code kind} that {@code read} loads and {@code write} stores. */
    static Place of(TypeKind kind, Supplier<Scalar> read, Consumer<Scalar> write) {
        return new Place() {
            @Override
            public TypeKind kind() {
                return kind;
            }

            @Override
            public Scalar read() {
                return read.get();
            }

            @Override
            public void write(Scalar value) {
                write.accept(value);
            }
        };
    }
}
