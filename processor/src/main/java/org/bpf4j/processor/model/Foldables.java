package org.bpf4j.processor.model;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.bpf4j.annotation.Foldable;

/**
 * Calls of {@link Foldable} methods with constant arguments, evaluated at javac time by invoking
 * the method itself (the library on the processor's class path is the one the program compiles
 * against), so the constant is exactly what the JVM computes. What both constant evaluators share:
 * the model's (global initializers) and the lowering's (BPF code, {@code static final} fields).
 */
public final class Foldables {
    private Foldables() {}

    /** A call the compiler cannot fold: the method threw, or it cannot be loaded. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** Whether {@code method} is a static method marked {@link Foldable}. */
    public static boolean isFoldable(Element method) {
        return method instanceof ExecutableElement m && m.getAnnotation(Foldable.class) != null
                && m.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
    }

    /** The display name of a call: {@code Ipv4.parse(...)}. */
    public static String name(ExecutableElement method) {
        return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName() + "(...)";
    }

    /**
     * Invokes {@code method} with {@code arguments} (boxed constants and strings); the result is
     * a boxed integral, char or boolean.
     *
     * @throws Failure with the method's own message when it throws, or when it returns no integral value
     */
    public static Object invoke(ExecutableElement method, List<Object> arguments) {
        Method target = reflect(method);
        try {
            Object result = target.invoke(null, arguments.toArray());
            if (result instanceof Number && !(result instanceof Float) && !(result instanceof Double)
                    || result instanceof Character || result instanceof Boolean) {
                return result;
            }
            throw new Failure(name(method) + " returned " + result + ", which is not an integral constant");
        } catch (InvocationTargetException e) {
            throw new Failure(name(method) + " with these constant arguments throws on the JVM, so it would fail there "
                    + "too: " + e.getCause().getMessage());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new Failure("cannot evaluate " + name(method) + " at compile time: " + e.getMessage());
        }
    }

    private static Method reflect(ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        try {
            Class<?> type = Class.forName(binaryName(owner), false, Foldables.class.getClassLoader());
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().contentEquals(method.getSimpleName()) && Modifier.isStatic(m.getModifiers())
                        && sameParameters(m, method)) {
                    m.setAccessible(true);
                    return m;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // reported below: a @Foldable method of a class compiled in this build cannot run yet
        }
        throw new Failure(name(method) + " is @Foldable but its class is not on the annotation processor's path, "
                + "so javac cannot run it; fold it by hand or move it to a library the processor sees");
    }

    private static boolean sameParameters(Method m, ExecutableElement method) {
        Class<?>[] classes = m.getParameterTypes();
        if (classes.length != method.getParameters().size()) {
            return false;
        }
        for (int i = 0; i < classes.length; i++) {
            String declared = method.getParameters().get(i).asType().toString().replaceAll("<.*>", "");
            if (!classes[i].getTypeName().equals(declared)) {
                return false;
            }
        }
        return true;
    }

    private static String binaryName(TypeElement type) {
        return type.getEnclosingElement() instanceof TypeElement outer
                ? binaryName(outer) + "$" + type.getSimpleName() : type.getQualifiedName().toString();
    }
}
