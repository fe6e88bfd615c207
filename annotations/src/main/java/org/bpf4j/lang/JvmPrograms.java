package org.bpf4j.lang;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.function.ToLongFunction;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.lang.spi.Codec;

/**
 * Running BPF methods on the JVM, where they serve as the specification of what the kernel
 * runs: {@link #initMaps} gives every {@code @BpfMap} field a map in JVM memory, {@link #run}
 * calls a program the way the kernel would (a tail call's result replaces the caller's).
 */
public final class JvmPrograms {
    private static final int JVM_PERF_BUFFER_BYTES = 1 << 20;
    private static final int PAGE_SIZE = 4096;

    private JvmPrograms() {
    }

    /** Calls {@code program} on {@code ctx}; returns its result or that of a program it tail-called. */
    @SuppressWarnings("unchecked")
    public static <C extends BpfContext> long run(ToLongFunction<? super C> program, C ctx) {
        try {
            return program.applyAsLong(ctx);
        } catch (TailCallExit exit) {
            return exit.result();
        }
    }

    /**
     * Assigns a new map in JVM memory to every {@code static @BpfMap} field of
     * {@code programClass} that is {@code null}, sized by the annotation and typed by the
     * field's type arguments.
     *
     * @throws IllegalArgumentException naming the field when its declaration cannot be modelled
     */
    public static void initMaps(Class<?> programClass) {
        for (Field field : programClass.getDeclaredFields()) {
            BpfMap spec = field.getAnnotation(BpfMap.class);
            if (spec == null) {
                continue;
            }
            String where = programClass.getName() + "." + field.getName();
            if (!Modifier.isStatic(field.getModifiers())) {
                throw new IllegalArgumentException("@BpfMap field " + where + " must be static");
            }
            try {
                field.setAccessible(true);
                if (field.get(null) == null) {
                    field.set(null, newMap(field, spec, where));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("cannot assign @BpfMap field " + where, e);
            }
        }
    }

    private static Object newMap(Field field, BpfMap spec, String where) {
        Class<?> mapClass = field.getType();
        int max = spec.maxEntries();
        if (mapClass == BpfProgArray.class) {
            return new BpfProgArray(max);
        }
        Type[] args = typeArguments(field, where);
        if (mapClass == BpfRingBuffer.class) {
            if (max < PAGE_SIZE || Integer.bitCount(max) != 1) {
                throw new IllegalArgumentException("@BpfMap field " + where + ": a ring buffer's maxEntries is its size "
                        + "in bytes, a power of two of at least " + PAGE_SIZE + ", not " + max);
            }
            return new BpfRingBuffer<>(codec(args[0], spec.valueSize(), where), max);
        } else if (mapClass == BpfPerfEventArray.class) {
            return new BpfPerfEventArray<>(codec(args[0], spec.valueSize(), where), JVM_PERF_BUFFER_BYTES);
        } else if (mapClass == BpfArrayMap.class) {
            return new BpfArrayMap<>(codec(args[0], spec.valueSize(), where), max);
        } else if (mapClass == BpfPerCpuArrayMap.class) {
            return new BpfPerCpuArrayMap<>(codec(args[0], spec.valueSize(), where), max, JvmCpu.defaultCount());
        }
        Codec<Object> key = codec(args[0], spec.keySize(), where);
        Codec<Object> value = codec(args[1], spec.valueSize(), where);
        if (mapClass == BpfHashMap.class) {
            return new BpfHashMap<>(key, value, max);
        } else if (mapClass == BpfLruHashMap.class) {
            return new BpfLruHashMap<>(key, value, max);
        } else if (mapClass == BpfPerCpuHashMap.class) {
            return new BpfPerCpuHashMap<>(key, value, max, JvmCpu.defaultCount());
        } else if (mapClass == BpfLruPerCpuHashMap.class) {
            return new BpfLruPerCpuHashMap<>(key, value, max, JvmCpu.defaultCount());
        } else if (mapClass == BpfLpmTrieMap.class) {
            return new BpfLpmTrieMap<>(key, value, max);
        }
        throw new IllegalArgumentException("@BpfMap field " + where + " has type " + mapClass.getName()
                + ", which is not a map class of org.bpf4j.lang");
    }

    private static Type[] typeArguments(Field field, String where) {
        if (!(field.getGenericType() instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("@BpfMap field " + where + " needs type arguments");
        }
        return parameterized.getActualTypeArguments();
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> codec(Type type, int byteArraySize, String where) {
        if (type == byte[].class) {
            if (byteArraySize <= 0) {
                throw new IllegalArgumentException("@BpfMap field " + where
                        + " has a byte[] key or value: give its size with keySize/valueSize");
            }
            return (Codec<Object>) (Codec<?>) Codecs.bytes(byteArraySize);
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalArgumentException("@BpfMap field " + where + " has type argument " + type
                    + ": use a concrete class");
        }
        return (Codec<Object>) Codecs.of(cls);
    }
}
