package org.bpf4j.lang;

import java.lang.reflect.Field;

/** Reflective operations on {@code @BpfStruct} objects for JVM bodies. */
final class Structs {
    private Structs() {
    }

    /** Copies every laid-out field of {@code from} into {@code to} (same struct class). */
    static void copyFields(Object from, Object to) {
        if (from.getClass() != to.getClass()) {
            throw new IllegalArgumentException("cannot copy a " + from.getClass().getName() + " into a "
                    + to.getClass().getName());
        }
        for (StructLayout.Member member : StructLayout.of(to.getClass()).members()) {
            Field field = member.field();
            try {
                field.setAccessible(true);
                field.set(to, field.get(from));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy field " + field, e);
            }
        }
    }
}
