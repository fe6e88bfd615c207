package org.bpf4j.processor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's own {@code ProcessingEnvironment} behind wrappers, because
 * {@code JavacTask.instance} and {@code Trees.instance} accept only javac's.
 *
 * <p>What wraps it in practice: Gradle's incremental processing
 * ({@code IncrementalProcessingEnvironment}, field {@code delegate}) and IntelliJ's build
 * (a {@link Proxy} whose invocation handler captures the real environment). Rather than
 * hard-coding those private names, this follows every instance field (of the object or of a
 * proxy's handler, superclasses included) that holds a {@code ProcessingEnvironment}, until it
 * reaches javac's class. Reflection on such fields needs no {@code --add-opens}: the wrappers
 * live in the unnamed module.
 */
final class JavacEnvironments {
    private static final String JAVAC_ENV =
            "com.sun.tools.javac.processing.JavacProcessingEnvironment";

    private JavacEnvironments() {}

    /**
     * javac's environment behind {@code env}.
     *
     * @throws IllegalStateException when none can be found (not javac, or an unknown wrapper)
     */
    static ProcessingEnvironment unwrap(ProcessingEnvironment env) {
        ProcessingEnvironment found = search(env, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (found == null) {
            throw new IllegalStateException("bpf4j runs inside javac only: the processing "
                    + "environment " + env.getClass().getName() + " is not javac's and wraps "
                    + "none that could be found");
        }
        return found;
    }

    private static ProcessingEnvironment search(Object candidate, Set<Object> visited) {
        if (candidate == null || !visited.add(candidate)) {
            return null;
        }
        if (isJavac(candidate.getClass())) {
            return (ProcessingEnvironment) candidate;
        }
        Object holder = Proxy.isProxyClass(candidate.getClass())
                ? Proxy.getInvocationHandler(candidate) : candidate;
        if (holder != candidate) {
            visited.add(holder);
        }
        for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        || field.getType().isPrimitive()
                        || !(field.getType().isAssignableFrom(ProcessingEnvironment.class)
                                || ProcessingEnvironment.class.isAssignableFrom(field.getType()))) {
                    continue;
                }
                Object value = read(field, holder);
                if (value instanceof ProcessingEnvironment) {
                    ProcessingEnvironment found = search(value, visited);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isJavac(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(JAVAC_ENV)) {
                return true;
            }
        }
        return false;
    }

    private static Object read(Field field, Object holder) {
        try {
            field.setAccessible(true);
            return field.get(holder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A field of a module that does not open it: not a wrapper we can see through.
            return null;
        }
    }
}
