package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToLongFunction;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.annotation.KernelMapType;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.lang.spi.MapStore;

/**
 * A program array ({@code BPF_MAP_TYPE_PROG_ARRAY}) for tail calls: slot {@code i} holds a
 * program of the same type, {@link #tailCall} jumps to it and never returns, unless the slot is
 * empty (or the tail-call limit of 33 is reached), in which case execution continues after the
 * call. On the JVM, slots hold Java methods ({@code Programs::second}) and a successful tail
 * call throws {@link TailCallExit}, which {@link JvmPrograms#run} turns into the result.
 */
@KernelMapType(MapKind.PROG_ARRAY)
public class BpfProgArray extends AbstractBpfMap {
    private static final int MAX_TAIL_CALLS = 33;
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

    private final int maxEntries;
    private final MapStore store;
    private final List<ToLongFunction<BpfContext>> jvmPrograms;

    /** A program array in JVM memory. */
    public BpfProgArray(int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("program array size must be positive, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.store = null;
        this.jvmPrograms = new ArrayList<>(Collections.nCopies(maxEntries, null));
    }

    /** A program array over the runtime's kernel map (4-byte keys and values). */
    public BpfProgArray(MapStore store) {
        if (store.keySize() != 4 || store.valueSize() != 4) {
            throw new IllegalArgumentException("a program array has 4-byte keys and values, not "
                    + store.keySize() + " and " + store.valueSize());
        }
        this.maxEntries = store.maxEntries();
        this.store = store;
        this.jvmPrograms = List.of();
    }

    /** Jumps to the program at {@code index}; returns only when there is none. */
    @Intrinsic(IntrinsicOp.TAIL_CALL)
    public void tailCall(BpfContext ctx, int index) {
        if (store != null) {
            throw new IllegalStateException("tailCall runs only in BPF code or on a program array in JVM memory");
        }
        if (index < 0 || index >= maxEntries || jvmPrograms.get(index) == null || DEPTH.get() >= MAX_TAIL_CALLS) {
            return;
        }
        DEPTH.set(DEPTH.get() + 1);
        long result;
        try {
            result = JvmPrograms.run(jvmPrograms.get(index), ctx);
        } finally {
            DEPTH.set(DEPTH.get() - 1);
        }
        throw new TailCallExit(result);
    }

    /** Java side, JVM memory: puts a Java program (a method reference) in slot {@code index}. */
    @SuppressWarnings("unchecked")
    public <C extends BpfContext> void set(int index, ToLongFunction<C> program) {
        checkIndex(index);
        if (store != null) {
            throw new IllegalStateException("a kernel program array holds program file descriptors: use set(int, int)");
        }
        jvmPrograms.set(index, (ToLongFunction<BpfContext>) program);
    }

    /** Java side, kernel map: puts the program with file descriptor {@code programFd} in the slot. */
    public void set(int index, int programFd) {
        checkIndex(index);
        if (store == null) {
            throw new IllegalStateException("a program array in JVM memory holds Java programs");
        }
        if (!store.update(intBytes(index), intBytes(programFd), UpdateFlag.ANY.value())) {
            throw new IllegalStateException("kernel refused program fd " + programFd + " at index " + index);
        }
    }

    /** Java side: empties slot {@code index}; false when it was empty. */
    public boolean clear(int index) {
        checkIndex(index);
        if (store != null) {
            return store.delete(intBytes(index));
        }
        return jvmPrograms.set(index, null) != null;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= maxEntries) {
            throw new IllegalArgumentException("program array index " + index + " outside 0.." + (maxEntries - 1));
        }
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    @Override
    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
