package org.bpf4j.lang;

import java.lang.reflect.Array;
import java.lang.reflect.Field;

/**
 * Operations on whole {@code @BpfStruct} values: {@link #copy} is the language's struct
 * assignment; the rest serves the JVM bodies of {@code org.bpf4j.lang}.
 */
public final class Structs {
    private Structs() {
    }

    /**
     * Struct assignment, C's {@code *to = *from}: copies every member of {@code from} into
     * {@code to}, arrays and nested structs by value (afterwards the two share nothing). Both
     * must be of the same {@code @BpfStruct} class. In BPF code it compiles to the widest loads
     * and stores the alignment of both allows, wherever the structs live (stack, map value,
     * ring-buffer record, packet header).
     */
    public static <T> void copy(T to, T from) {
        if (from.getClass() != to.getClass()) {
            throw new IllegalArgumentException("cannot copy a " + from.getClass().getName() + " into a "
                    + to.getClass().getName());
        }
        for (StructLayout.Member member : StructLayout.of(to.getClass()).members()) {
            Field field = member.field();
            field.setAccessible(true);
            try {
                Object source = field.get(from);
                switch (member.kind()) {
                    case SCALAR:
                        field.set(to, source);
                        break;
                    case STRUCT:
                        copy(ownedStruct(field, to), source == null ? newStruct(field.getType()) : source);
                        break;
                    case SCALAR_ARRAY: {
                        Object target = ownedArray(field, to, member.count());
                        if (source != null) {
                            System.arraycopy(source, 0, target, 0, Math.min(Array.getLength(source), member.count()));
                        }
                        break;
                    }
                    case STRUCT_ARRAY: {
                        Object target = ownedArray(field, to, member.count());
                        Class<?> element = field.getType().getComponentType();
                        for (int i = 0; i < member.count(); i++) {
                            Object s = source == null ? null : Array.get(source, i);
                            Object t = Array.get(target, i);
                            if (t == null) {
                                t = newStruct(element);
                                Array.set(target, i, t);
                            }
                            copy(t, s == null ? newStruct(element) : s);
                        }
                        break;
                    }
                    default:
                        throw new IllegalStateException(member.kind().toString());
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy field " + field, e);
            }
        }
    }

    /** The array {@code field} of {@code owner} holds, allocated when it holds none. */
    private static Object ownedArray(Field field, Object owner, int count) throws IllegalAccessException {
        Object array = field.get(owner);
        if (array == null) {
            array = Array.newInstance(field.getType().getComponentType(), count);
            field.set(owner, array);
        }
        return array;
    }

    private static Object ownedStruct(Field field, Object owner) throws IllegalAccessException {
        Object struct = field.get(owner);
        if (struct == null) {
            struct = newStruct(field.getType());
            field.set(owner, struct);
        }
        return struct;
    }

    private static Object newStruct(Class<?> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + type.getName(), e);
        }
    }

    /** Copies every laid-out field of {@code from} into {@code to} (same struct class), sharing arrays and nested structs. */
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
