package org.bpf4j.runtime.map;

import com.sun.jna.Memory;

/**
 * Per-thread native buffers for keys and values, grown on demand, so element operations
 * allocate nothing and several Java threads can use one map at once.
 */
final class NativeScratch {
    private static final ThreadLocal<NativeScratch> CURRENT = ThreadLocal.withInitial(NativeScratch::new);

    private Memory key = new Memory(64);
    private Memory value = new Memory(256);
    private Memory next = new Memory(64);

    static NativeScratch get() {
        return CURRENT.get();
    }

    Memory key(int size) {
        if (key.size() < size) key = new Memory(size);
        return key;
    }

    Memory value(int size) {
        if (value.size() < size) value = new Memory(size);
        return value;
    }

    Memory next(int size) {
        if (next.size() < size) next = new Memory(size);
        return next;
    }
}
