package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.bpf4j.annotation.BitField;
import org.junit.jupiter.api.Test;

/** Every {@link BitField} accessor computes exactly what its annotation tells the compiler. */
class BitFieldTest {
    private static final List<Class<?>> HEADERS = List.of(EthHdr.class, VlanHdr.class, Ipv4Hdr.class, Ipv6Hdr.class,
            TcpHdr.class, UdpHdr.class, IcmpHdr.class);

    @Test
    void javaBodiesMatchTheAnnotations() throws Exception {
        Random random = new Random(42);
        int checked = 0;
        for (Class<?> header : HEADERS) {
            for (Method method : header.getDeclaredMethods()) {
                BitField bits = method.getAnnotation(BitField.class);
                if (bits == null) {
                    continue;
                }
                assertEquals(0, method.getParameterCount(), method.toString());
                Field field = header.getField(bits.field());
                int fieldBits = 8 * StructLayout.scalarSize(field.getType());
                assertTrue(bits.width() >= 1 && bits.shift() + bits.width() <= fieldBits, method + " reads past "
                        + field.getName());
                Object instance = header.getDeclaredConstructor().newInstance();
                for (int round = 0; round < 200; round++) {
                    long raw = random.nextLong();
                    set(field, instance, raw);
                    long unsigned = raw & (fieldBits == 32 ? 0xFFFFFFFFL : (1L << fieldBits) - 1);
                    long expected = (unsigned >>> bits.shift()) & ((1L << bits.width()) - 1);
                    Object actual = method.invoke(instance);
                    if (method.getReturnType() == boolean.class) {
                        assertEquals(expected != 0, actual, method + " with " + Long.toHexString(unsigned));
                    } else {
                        assertEquals(expected, ((Number) actual).longValue(), method + " with " + Long.toHexString(unsigned));
                    }
                }
                checked++;
            }
        }
        assertEquals(13, checked);
    }

    private static void set(Field field, Object target, long raw) throws IllegalAccessException {
        Class<?> type = field.getType();
        if (type == byte.class) {
            field.setByte(target, (byte) raw);
        } else if (type == char.class) {
            field.setChar(target, (char) raw);
        } else if (type == short.class) {
            field.setShort(target, (short) raw);
        } else {
            field.setInt(target, (int) raw);
        }
    }
}
