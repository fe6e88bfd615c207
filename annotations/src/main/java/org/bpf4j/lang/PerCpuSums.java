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
            if (!(value instanceof Number number)) {
                throw new IllegalStateException("sum needs Byte, Short, Integer or Long values, not "
                        + value.getClass().getName());
            }
            total += number.longValue();
        }
        return total;
    }
}
