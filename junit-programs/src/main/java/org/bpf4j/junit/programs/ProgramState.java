package org.bpf4j.junit.programs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.lang.JvmPrograms;

/** A program class's globals as first seen, and the means to give it fresh maps and those globals again. */
final class ProgramState {
    private final Class<?> programClass;
    private final Map<Field, Object> globals = new LinkedHashMap<>();

    private ProgramState(Class<?> programClass) {
        this.programClass = programClass;
    }

    /** The current values of {@code programClass}'s static non-final fields other than maps. */
    static ProgramState capture(Class<?> programClass) {
        ProgramState state = new ProgramState(programClass);
        for (Field field : programClass.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.isAnnotationPresent(BpfMap.class)) {
                state.globals.put(field, read(field));
            }
        }
        return state;
    }

    /** Restores the captured globals and replaces every map with a new, empty one in JVM memory. */
    void reset() {
        globals.forEach(ProgramState::write);
        for (Field field : programClass.getDeclaredFields()) {
            if (field.isAnnotationPresent(BpfMap.class) && Modifier.isStatic(field.getModifiers())) write(field, null);
        }
        JvmPrograms.initMaps(programClass);
    }

    private static Object read(Field field) {
        try {
            field.setAccessible(true);
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static void write(Field field, Object value) {
        try {
            field.setAccessible(true);
            field.set(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set " + field, e);
        }
    }
}
