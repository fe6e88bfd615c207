package org.bpf4j.lang;

import java.util.List;

/** Adds up per-CPU integer values. */
final class PerCpuSums {
    private PerCpuSums() {
    }

    static long sum(List<?> values) {
        if (values == null) {
            return 0;
        }
        long total = 0;
        for (Object value : values) {
            if (value instanceof Character c) {
                total += c;
            } else if (value instanceof Number number) {
                total += number.longValue();
            } else {
                throw new IllegalStateException("sum needs Byte, Short, Character, Integer or Long values, not "
                        + value.getClass().getName());
            }
        }
        return total;
    }
}
