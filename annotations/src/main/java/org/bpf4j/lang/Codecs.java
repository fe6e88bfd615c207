package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.lang.spi.Codec;

/**
 * Codecs for the key, value and record types maps accept: boxed integers, fixed-size
 * {@code byte[]} and {@code @BpfStruct} classes (by reflection, following the layout rules of
 * {@link BpfStruct}). All encode in host byte order except the multi-byte fields of
 * {@code @BpfStruct(networkOrder = true)} classes, which are big-endian.
 */
public final class Codecs {
    /** {@code __u8}. */
    public static final Codec<Byte> BYTE = new ScalarCodec<>(1) {
        @Override public void encode(Byte value, ByteBuffer out) { out.put(value); }
        @Override public Byte decode(ByteBuffer in) { return in.get(); }
    };
    /** {@code __u16}. */
    public static final Codec<Short> SHORT = new ScalarCodec<>(2) {
        @Override public void encode(Short value, ByteBuffer out) { out.putShort(value); }
        @Override public Short decode(ByteBuffer in) { return in.getShort(); }
    };
    /** {@code __u16}, read as Java's unsigned {@code char}. */
    public static final Codec<Character> CHAR = new ScalarCodec<>(2) {
        @Override public void encode(Character value, ByteBuffer out) { out.putChar(value); }
        @Override public Character decode(ByteBuffer in) { return in.getChar(); }
    };
    /** {@code __u32}. */
    public static final Codec<Integer> INT = new ScalarCodec<>(4) {
        @Override public void encode(Integer value, ByteBuffer out) { out.putInt(value); }
        @Override public Integer decode(ByteBuffer in) { return in.getInt(); }
    };
    /** {@code __u64}. */
    public static final Codec<Long> LONG = new ScalarCodec<>(8) {
        @Override public void encode(Long value, ByteBuffer out) { out.putLong(value); }
        @Override public Long decode(ByteBuffer in) { return in.getLong(); }
    };

    private static final Map<Class<?>, Codec<?>> STRUCTS = new ConcurrentHashMap<>();

    private Codecs() {
    }

    /** A fixed-size byte array of {@code size} bytes ({@code __u8[size]}). */
    public static Codec<byte[]> bytes(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("byte[] codec size must be positive, got " + size);
        }
        return new ScalarCodec<>(size) {
            @Override
            public void encode(byte[] value, ByteBuffer out) {
                if (value.length != size) {
                    throw new IllegalArgumentException(
                            "byte[] of length " + value.length + " where " + size + " bytes are expected");
                }
                out.put(value);
            }

            @Override
            public byte[] decode(ByteBuffer in) {
                byte[] value = new byte[size];
                in.get(value);
                return value;
            }
        };
    }

    /** The reflective codec of a {@code @BpfStruct} class (cached). */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> struct(Class<T> type) {
        return (Codec<T>) STRUCTS.computeIfAbsent(type, StructCodec::new);
    }

    /**
     * The codec for a key/value type: {@code Byte}, {@code Short}, {@code Character}, {@code Integer},
     * {@code Long} or a {@code @BpfStruct} class. {@code byte[]} needs {@link #bytes(int)}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> of(Class<T> type) {
        if (type == Byte.class) {
            return (Codec<T>) BYTE;
        } else if (type == Short.class) {
            return (Codec<T>) SHORT;
        } else if (type == Character.class) {
            return (Codec<T>) CHAR;
        } else if (type == Integer.class) {
            return (Codec<T>) INT;
        } else if (type == Long.class) {
            return (Codec<T>) LONG;
        } else if (type.isAnnotationPresent(BpfStruct.class)) {
            return struct(type);
        } else if (type == byte[].class) {
            throw new IllegalArgumentException("byte[] keys and values need a size: use Codecs.bytes(n)");
        }
        throw new IllegalArgumentException(type.getName()
                + " cannot be a map key or value: use Byte, Short, Character, Integer, Long, byte[] or a @BpfStruct class");
    }

    /** Encodes one value into a new array of {@code codec.size()} bytes. */
    public static <T> byte[] toBytes(Codec<T> codec, T value) {
        if (value == null) {
            throw new IllegalArgumentException("map keys and values cannot be null");
        }
        ByteBuffer buffer = ByteBuffer.allocate(codec.size()).order(java.nio.ByteOrder.nativeOrder());
        codec.encode(value, buffer);
        return buffer.array();
    }

    /** Decodes one value from {@code bytes} starting at {@code offset}. */
    public static <T> T fromBytes(Codec<T> codec, byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, codec.size()).order(java.nio.ByteOrder.nativeOrder());
        return codec.decode(buffer);
    }

    private abstract static class ScalarCodec<T> implements Codec<T> {
        private final int size;

        ScalarCodec(int size) {
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
