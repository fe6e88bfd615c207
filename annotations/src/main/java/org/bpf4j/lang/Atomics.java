package org.bpf4j.lang;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * Atomic read-modify-write operations on an {@code int} or {@code long} member of a
 * {@code @BpfStruct}, named by a constant string, or on an element of an {@code int[]} or
 * {@code long[]}: in the kernel, one {@code BPF_ATOMIC} instruction (32 bits for {@code int},
 * 64 for {@code long}); on the JVM, the same operation through a {@link VarHandle}, atomic
 * against other threads that use these methods on the same object or array.
 *
 * <pre>{@code
 * Stats s = stats.get(ctx.u8(0));
 * if (s == null) {
 *     return XdpAction.PASS;
 * }
 * int length = ctx.length();
 * Atomics.add(s, "packets", 1);                            // lock add, any ISA level
 * long before = Atomics.getAndAdd(s, "bytes", (long) length);
 * Atomics.add(s.bySize, Math.min(length / 64, 3), 1);      // an element, bounds-checked
 * }</pre>
 * (from the example of docs/LANGUAGE.md, which a kernel test runs).
 *
 * <p>The target must be memory the verifier lets atomics write: a struct map value, a member
 * array of one, a global array, a ring-buffer record,
 * or a struct or array on the stack (arrays there at constant indexes only); the compiler
 * refuses the context, packet headers and read-only ({@code @BpfConfig}) data at javac time, as well as a member name that is not a constant or
 * not an {@code int}/{@code long} member, and an {@code int} overload of a fetching method used
 * on a {@code long} member (or the reverse). The non-fetching forms take a {@code long} and, on an
 * {@code int} member, use its low 32 bits, as {@code s.count += value} would.
 *
 * <p>Everything but {@code add} needs ISA v3 ({@code -Abpf4j.cpu=v3}, kernel 5.12+); below
 * that it is a javac error. As for plain array accesses, a run-time index out of bounds does
 * nothing in the kernel (a fetch returns 0) where the JVM throws.
 */
public final class Atomics {
    private Atomics() {}

    // ---------------------------------------------------------------- struct members

    /** {@code struct.field += value} atomically ({@code lock add}). */
    @Intrinsic(IntrinsicOp.ATOMIC_ADD)
    public static void add(Object struct, String field, long value) {
        Member m = member(struct, field);
        if (m.isLong) {
            m.handle.getAndAdd(struct, value);
        } else {
            m.handle.getAndAdd(struct, (int) value);
        }
    }

    /** {@code struct.field &= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_AND)
    public static void and(Object struct, String field, long value) {
        Member m = member(struct, field);
        if (m.isLong) {
            m.handle.getAndBitwiseAnd(struct, value);
        } else {
            m.handle.getAndBitwiseAnd(struct, (int) value);
        }
    }

    /** {@code struct.field |= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_OR)
    public static void or(Object struct, String field, long value) {
        Member m = member(struct, field);
        if (m.isLong) {
            m.handle.getAndBitwiseOr(struct, value);
        } else {
            m.handle.getAndBitwiseOr(struct, (int) value);
        }
    }

    /** {@code struct.field ^= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_XOR)
    public static void xor(Object struct, String field, long value) {
        Member m = member(struct, field);
        if (m.isLong) {
            m.handle.getAndBitwiseXor(struct, value);
        } else {
            m.handle.getAndBitwiseXor(struct, (int) value);
        }
    }

    /** Adds {@code value} to the {@code int} member and returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_ADD)
    public static int getAndAdd(Object struct, String field, int value) {
        return (int) intMember(struct, field).getAndAdd(struct, value);
    }

    /** Adds {@code value} to the {@code long} member and returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_ADD)
    public static long getAndAdd(Object struct, String field, long value) {
        return (long) longMember(struct, field).getAndAdd(struct, value);
    }

    /** {@code &=} on the {@code int} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_AND)
    public static int getAndAnd(Object struct, String field, int value) {
        return (int) intMember(struct, field).getAndBitwiseAnd(struct, value);
    }

    /** {@code &=} on the {@code long} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_AND)
    public static long getAndAnd(Object struct, String field, long value) {
        return (long) longMember(struct, field).getAndBitwiseAnd(struct, value);
    }

    /** {@code |=} on the {@code int} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_OR)
    public static int getAndOr(Object struct, String field, int value) {
        return (int) intMember(struct, field).getAndBitwiseOr(struct, value);
    }

    /** {@code |=} on the {@code long} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_OR)
    public static long getAndOr(Object struct, String field, long value) {
        return (long) longMember(struct, field).getAndBitwiseOr(struct, value);
    }

    /** {@code ^=} on the {@code int} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_XOR)
    public static int getAndXor(Object struct, String field, int value) {
        return (int) intMember(struct, field).getAndBitwiseXor(struct, value);
    }

    /** {@code ^=} on the {@code long} member; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_XOR)
    public static long getAndXor(Object struct, String field, long value) {
        return (long) longMember(struct, field).getAndBitwiseXor(struct, value);
    }

    /** Stores {@code value} in the {@code int} member and returns its old value ({@code xchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_XCHG)
    public static int getAndSet(Object struct, String field, int value) {
        return (int) intMember(struct, field).getAndSet(struct, value);
    }

    /** Stores {@code value} in the {@code long} member and returns its old value ({@code xchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_XCHG)
    public static long getAndSet(Object struct, String field, long value) {
        return (long) longMember(struct, field).getAndSet(struct, value);
    }

    /**
     * Stores {@code newValue} in the {@code int} member if it holds {@code expected}
     * ({@code cmpxchg}); returns the value it held, {@code expected} when it was replaced.
     */
    @Intrinsic(IntrinsicOp.ATOMIC_CMPXCHG)
    public static int compareAndExchange(Object struct, String field, int expected, int newValue) {
        return (int) intMember(struct, field).compareAndExchange(struct, expected, newValue);
    }

    /** {@link #compareAndExchange(Object, String, int, int)} on a {@code long} member. */
    @Intrinsic(IntrinsicOp.ATOMIC_CMPXCHG)
    public static long compareAndExchange(Object struct, String field, long expected, long newValue) {
        return (long) longMember(struct, field).compareAndExchange(struct, expected, newValue);
    }

    // ---------------------------------------------------------------- array elements

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** {@code array[index] += value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_ADD)
    public static void add(int[] array, int index, int value) {
        INTS.getAndAdd(array, index, value);
    }

    /** {@code array[index] += value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_ADD)
    public static void add(long[] array, int index, long value) {
        LONGS.getAndAdd(array, index, value);
    }

    /** {@code array[index] &= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_AND)
    public static void and(int[] array, int index, int value) {
        INTS.getAndBitwiseAnd(array, index, value);
    }

    /** {@code array[index] &= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_AND)
    public static void and(long[] array, int index, long value) {
        LONGS.getAndBitwiseAnd(array, index, value);
    }

    /** {@code array[index] |= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_OR)
    public static void or(int[] array, int index, int value) {
        INTS.getAndBitwiseOr(array, index, value);
    }

    /** {@code array[index] |= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_OR)
    public static void or(long[] array, int index, long value) {
        LONGS.getAndBitwiseOr(array, index, value);
    }

    /** {@code array[index] ^= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_XOR)
    public static void xor(int[] array, int index, int value) {
        INTS.getAndBitwiseXor(array, index, value);
    }

    /** {@code array[index] ^= value} atomically. */
    @Intrinsic(IntrinsicOp.ATOMIC_XOR)
    public static void xor(long[] array, int index, long value) {
        LONGS.getAndBitwiseXor(array, index, value);
    }

    /** Adds {@code value} to the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_ADD)
    public static int getAndAdd(int[] array, int index, int value) {
        return (int) INTS.getAndAdd(array, index, value);
    }

    /** Adds {@code value} to the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_ADD)
    public static long getAndAdd(long[] array, int index, long value) {
        return (long) LONGS.getAndAdd(array, index, value);
    }

    /** {@code &=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_AND)
    public static int getAndAnd(int[] array, int index, int value) {
        return (int) INTS.getAndBitwiseAnd(array, index, value);
    }

    /** {@code &=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_AND)
    public static long getAndAnd(long[] array, int index, long value) {
        return (long) LONGS.getAndBitwiseAnd(array, index, value);
    }

    /** {@code |=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_OR)
    public static int getAndOr(int[] array, int index, int value) {
        return (int) INTS.getAndBitwiseOr(array, index, value);
    }

    /** {@code |=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_OR)
    public static long getAndOr(long[] array, int index, long value) {
        return (long) LONGS.getAndBitwiseOr(array, index, value);
    }

    /** {@code ^=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_XOR)
    public static int getAndXor(int[] array, int index, int value) {
        return (int) INTS.getAndBitwiseXor(array, index, value);
    }

    /** {@code ^=} on the element; returns its old value. */
    @Intrinsic(IntrinsicOp.ATOMIC_FETCH_XOR)
    public static long getAndXor(long[] array, int index, long value) {
        return (long) LONGS.getAndBitwiseXor(array, index, value);
    }

    /** Stores {@code value} in the element; returns its old value ({@code xchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_XCHG)
    public static int getAndSet(int[] array, int index, int value) {
        return (int) INTS.getAndSet(array, index, value);
    }

    /** Stores {@code value} in the element; returns its old value ({@code xchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_XCHG)
    public static long getAndSet(long[] array, int index, long value) {
        return (long) LONGS.getAndSet(array, index, value);
    }

    /** Stores {@code newValue} if the element holds {@code expected}; returns the value it held ({@code cmpxchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_CMPXCHG)
    public static int compareAndExchange(int[] array, int index, int expected, int newValue) {
        return (int) INTS.compareAndExchange(array, index, expected, newValue);
    }

    /** Stores {@code newValue} if the element holds {@code expected}; returns the value it held ({@code cmpxchg}). */
    @Intrinsic(IntrinsicOp.ATOMIC_CMPXCHG)
    public static long compareAndExchange(long[] array, int index, long expected, long newValue) {
        return (long) LONGS.compareAndExchange(array, index, expected, newValue);
    }

    // ---------------------------------------------------------------- members by name

    private record Member(VarHandle handle, boolean isLong) {}

    /** The handles of each class's members, found once. */
    private static final ClassValue<Map<String, Member>> MEMBERS = new ClassValue<>() {
        @Override
        protected Map<String, Member> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private static VarHandle intMember(Object struct, String field) {
        Member m = member(struct, field);
        if (m.isLong) {
            throw new IllegalArgumentException(field + " is a long member: pass long values");
        }
        return m.handle;
    }

    private static VarHandle longMember(Object struct, String field) {
        Member m = member(struct, field);
        if (!m.isLong) {
            throw new IllegalArgumentException(field + " is an int member: pass int values");
        }
        return m.handle;
    }

    private static Member member(Object struct, String field) {
        Class<?> type = struct.getClass();
        return MEMBERS.get(type).computeIfAbsent(field, name -> find(type, name));
    }

    private static Member find(Class<?> type, String name) {
        Field f;
        try {
            f = type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no member '" + name + "'", e);
        }
        Class<?> t = f.getType();
        if (Modifier.isStatic(f.getModifiers()) || t != int.class && t != long.class) {
            throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is not an int or long instance member");
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            return new Member(lookup.findVarHandle(type, name, t), t == long.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot reach " + type.getName() + "." + name + " atomically: " + e.getMessage(), e);
        }
    }
}
