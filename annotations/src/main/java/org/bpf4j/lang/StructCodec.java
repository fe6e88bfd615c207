package org.bpf4j.lang;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bpf4j.lang.spi.Codec;

/** The reflective codec of a {@code @BpfStruct} class; obtain it through {@link Codecs#struct}. */
final class StructCodec<T> implements Codec<T> {
    private final StructLayout layout;
    private final Constructor<T> constructor;

    StructCodec(Class<T> type) {
        this.layout = StructLayout.of(type);
        try {
            this.constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@BpfStruct " + type.getName() + " needs a no-argument constructor", e);
        }
        for (StructLayout.Member member : layout.members()) {
            member.field().setAccessible(true);
        }
    }

    @Override
    public int size() {
        return layout.size();
    }

    @Override
    public void encode(T value, ByteBuffer out) {
        int base = out.position();
        for (int i = 0; i < layout.size(); i++) {
            out.put(base + i, (byte) 0);
        }
        write(layout, value, out, base);
        out.position(base + layout.size());
    }

    @Override
    public T decode(ByteBuffer in) {
        int base = in.position();
        T value = newInstance(constructor);
        read(layout, value, in, base);
        in.position(base + layout.size());
        return value;
    }

    private static void write(StructLayout layout, Object value, ByteBuffer out, int base) {
        ByteOrder saved = out.order();
        for (StructLayout.Member member : layout.members()) {
            Object fieldValue = get(member.field(), value);
            int at = base + member.offset();
            switch (member.kind()) {
                case SCALAR -> putScalar(out, at, member.elementSize(), fieldValue, layout.networkOrder(), saved);
                case SCALAR_ARRAY -> {
                    if (fieldValue == null) {
                        continue;
                    }
                    checkLength(member, fieldValue);
                    for (int i = 0; i < member.count(); i++) {
                        putScalar(out, at + i * member.elementSize(), member.elementSize(), Array.get(fieldValue, i),
                                layout.networkOrder(), saved);
                    }
                }
                case STRUCT -> {
                    if (fieldValue != null) {
                        write(member.nested(), fieldValue, out, at);
                    }
                }
                case STRUCT_ARRAY -> {
                    if (fieldValue == null) {
                        continue;
                    }
                    checkLength(member, fieldValue);
                    for (int i = 0; i < member.count(); i++) {
                        Object element = Array.get(fieldValue, i);
                        if (element != null) {
                            write(member.nested(), element, out, at + i * member.elementSize());
                        }
                    }
                }
            }
        }
    }

    private static void read(StructLayout layout, Object value, ByteBuffer in, int base) {
        ByteOrder saved = in.order();
        for (StructLayout.Member member : layout.members()) {
            Class<?> type = member.field().getType();
            int at = base + member.offset();
            Object fieldValue;
            switch (member.kind()) {
                case SCALAR -> fieldValue = getScalar(in, at, type, layout.networkOrder(), saved);
                case SCALAR_ARRAY -> {
                    fieldValue = Array.newInstance(type.getComponentType(), member.count());
                    for (int i = 0; i < member.count(); i++) {
                        Array.set(fieldValue, i, getScalar(in, at + i * member.elementSize(), type.getComponentType(),
                                layout.networkOrder(), saved));
                    }
                }
                case STRUCT -> {
                    fieldValue = newInstance(constructorOf(type));
                    read(member.nested(), fieldValue, in, at);
                }
                default -> {
                    fieldValue = Array.newInstance(type.getComponentType(), member.count());
                    for (int i = 0; i < member.count(); i++) {
                        Object element = newInstance(constructorOf(type.getComponentType()));
                        read(member.nested(), element, in, at + i * member.elementSize());
                        Array.set(fieldValue, i, element);
                    }
                }
            }
            set(member.field(), value, fieldValue);
        }
    }

    private static void checkLength(StructLayout.Member member, Object array) {
        int length = Array.getLength(array);
        if (length != member.count()) {
            throw new IllegalArgumentException("field " + member.field().getDeclaringClass().getName() + "."
                    + member.field().getName() + " has " + length + " elements where @Size(" + member.count()
                    + ") is declared");
        }
    }

    private static void putScalar(ByteBuffer out, int at, int size, Object value, boolean network, ByteOrder host) {
        ByteOrder order = network ? ByteOrder.BIG_ENDIAN : host;
        out.order(order);
        switch (size) {
            case 1 -> out.put(at, value instanceof Boolean b ? (byte) (b ? 1 : 0) : (Byte) value);
            case 2 -> out.putShort(at, value instanceof Character c ? (short) c.charValue() : (Short) value);
            case 4 -> out.putInt(at, (Integer) value);
            default -> out.putLong(at, (Long) value);
        }
        out.order(host);
    }

    private static Object getScalar(ByteBuffer in, int at, Class<?> type, boolean network, ByteOrder host) {
        in.order(network ? ByteOrder.BIG_ENDIAN : host);
        try {
            if (type == byte.class) {
                return in.get(at);
            } else if (type == boolean.class) {
                return in.get(at) != 0;
            } else if (type == short.class) {
                return in.getShort(at);
            } else if (type == char.class) {
                return in.getChar(at);
            } else if (type == int.class) {
                return in.getInt(at);
            }
            return in.getLong(at);
        } finally {
            in.order(host);
        }
    }

    private static <C> Constructor<C> constructorOf(Class<C> type) {
        try {
            Constructor<C> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@BpfStruct " + type.getName() + " needs a no-argument constructor", e);
        }
    }

    private static <C> C newInstance(Constructor<C> constructor) {
        try {
            return constructor.newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot instantiate " + constructor.getDeclaringClass().getName(), e);
        }
    }

    private static Object get(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.setAccessible(true);
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field, e);
        }
    }
}
