package org.bpf4j.runtime.sys;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One thread's native memory for the bpf(2) element commands (MAP_LOOKUP_ELEM,
 * MAP_UPDATE_ELEM, MAP_DELETE_ELEM, MAP_LOOKUP_AND_DELETE_ELEM, MAP_GET_NEXT_KEY), in one
 * direct buffer: their attr, the {@link FfiSyscall} call area, a key area, a value area.
 *
 * <p>Why: the attr, key and value are written (and the value read back) with plain stores into
 * the buffer, which the JIT compiles to memory moves, so the only native call of an element
 * operation is the system call itself, made through {@link FfiSyscall} while that pays off.
 * Element commands never nest, so one block per thread suffices and several threads can work
 * on one map at once. A block only grows (the outgrown one is freed by the GC), so a thread
 * holds at most one block, sized for the largest key and value it has used.
 */
public final class ElementBlock {
    /**
     * The attr bytes the element commands use (map_fd, key, value or next_key, flags):
     * offsetofend(union bpf_attr, flags), the size libbpf passes too.
     */
    static final int ATTR_SIZE = 32;
    /** The thread's {@link FfiSyscall} call area follows the attr; the key area follows it. */
    private static final int CALL_AREA = ATTR_SIZE, KEY = CALL_AREA + FfiSyscall.AREA_SIZE;
    private static final int MIN_KEY = 64, MIN_VALUE = 256;
    /** See {@link #failureScore}. */
    private static final int FAILURE_WEIGHT = 3, FAST_PATH_BELOW = 2 * FAILURE_WEIGHT,
            SCORE_CAP = FAST_PATH_BELOW + FAILURE_WEIGHT;
    private static final ThreadLocal<ElementBlock> CURRENT = new ThreadLocal<>();

    private final ByteBuffer buffer;
    /** Native address of {@link #buffer}; valid while this block is reachable. */
    private final long address;
    private final ByteBuffer callArea;
    private final int keyCapacity;
    private final int valueCapacity;
    private final int valueOffset;
    /**
     * This thread's recent failures: +{@value #FAILURE_WEIGHT} per failed command, -1 per
     * success, kept within [0, {@value #SCORE_CAP}]. A failure on the {@link FfiSyscall} path
     * costs a second call, which wipes out its gain once about one command in four fails
     * (lookups of absent keys, say): the weight makes the score climb from that rate on. From
     * {@value #FAST_PATH_BELOW} (two failures close together) the thread uses the direct
     * mapping alone; the low cap brings it back after a few successes.
     */
    private int failureScore;

    private ElementBlock(int keyCapacity, int valueCapacity) {
        this.keyCapacity = keyCapacity;
        this.valueCapacity = valueCapacity;
        this.valueOffset = KEY + roundUp8(keyCapacity);
        this.buffer = ByteBuffer.allocateDirect(valueOffset + valueCapacity).order(ByteOrder.nativeOrder());
        this.address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        this.callArea = buffer.slice(CALL_AREA, FfiSyscall.AREA_SIZE).order(ByteOrder.nativeOrder());
        // bpf(cmd, attr, ATTR_SIZE): only cmd changes from call to call.
        FfiSyscall.prepare(callArea, address + CALL_AREA, Arch.CURRENT.sysBpf, 0, address, ATTR_SIZE);
    }

    /** The calling thread's block, with room for a key of {@code keySize} and a value of {@code valueSize} bytes. */
    public static ElementBlock current(int keySize, int valueSize) {
        ElementBlock b = CURRENT.get();
        if (b == null || b.keyCapacity < keySize || b.valueCapacity < valueSize) {
            b = new ElementBlock(Math.max(keySize, b == null ? MIN_KEY : b.keyCapacity),
                    Math.max(valueSize, b == null ? MIN_VALUE : b.valueCapacity));
            CURRENT.set(b);
        }
        return b;
    }

    private static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    /** Address of the key area, for {@link #run}. */
    public long keyAddress() {
        return address + KEY;
    }

    /** Address of the value area, for {@link #run}. */
    public long valueAddress() {
        return address + valueOffset;
    }

    /** Copies {@code key} into the key area. */
    public void putKey(byte[] key) {
        buffer.put(KEY, key, 0, key.length);
    }

    /** Copies the first {@code length} bytes of {@code value} into the value area. */
    public void putValue(byte[] value, int length) {
        buffer.put(valueOffset, value, 0, length);
    }

    /** Copies the first {@code length} bytes of the value area into {@code out}. */
    public void getValue(byte[] out, int length) {
        buffer.get(valueOffset, out, 0, length);
    }

    /** The first {@code length} bytes of the value area, as a new array. */
    public byte[] value(int length) {
        byte[] out = new byte[length];
        getValue(out, length);
        return out;
    }

    /**
     * Runs element command {@code cmd} on {@code mapFd} with the given key and value (or
     * next_key) addresses, 0 meaning NULL. Returns the kernel's result or {@code -errno}.
     * The addresses must stay valid until the call returns: this block's own areas, or
     * memory the caller keeps reachable.
     */
    public int run(BpfCommand cmd, int mapFd, long keyAddress, long valueAddress, long flags) {
        buffer.putLong(0, Integer.toUnsignedLong(mapFd)); // map_fd and the padding after it
        buffer.putLong(8, keyAddress);
        buffer.putLong(16, valueAddress);
        buffer.putLong(24, flags);
        int r = -1;
        if (FfiSyscall.AVAILABLE && failureScore < FAST_PATH_BELOW) {
            r = (int) FfiSyscall.call(callArea, address + CALL_AREA, cmd.number);
        }
        if (r < 0) {
            // Failed (errno unknown on the fast path) or not tried: run it through the direct
            // mapping, which captures errno. A failed element command leaves the map as it
            // was, so running it again is safe, and the second answer is the kernel's answer.
            r = Sys.bpfRaw(cmd, address, ATTR_SIZE);
        }
        failureScore = r < 0 ? Math.min(failureScore + FAILURE_WEIGHT, SCORE_CAP) : Math.max(failureScore - 1, 0);
        Reference.reachabilityFence(this);
        return r;
    }
}
