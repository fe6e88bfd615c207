package org.bpf4j.runtime.sys;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code syscall(nr, a, b, c)} through libffi's {@code ffi_call}, reached by JNA's public
 * {@link Native#ffi_call}: one JNI transition straight into {@code ffi_call}. JNA direct mapping
 * ({@link LibC#syscall(long, long, long, long)}) goes JNI, libffi closure, JNA dispatch, then
 * {@code ffi_call}: measured (perf, per hash-map update or lookup) about 280 ns in JNA's native
 * code against 100 ns here, the largest part of what such an operation paid over C's.
 *
 * <p>The price: errno is not captured, and reading it once the call has returned to Java is
 * unreliable (the JVM may change it on the way back). A call therefore tells success (the
 * non-negative result) from failure (-1) only; the caller redoes a failed command through
 * {@link Sys#bpfRaw(BpfCommand, long, int)}, which captures errno natively.
 *
 * <p>Each thread passes its own call area (the argument values, pointers to them, the result),
 * so calls share no mutable memory. Where libffi cannot be set up as expected (another JNA
 * build, a calling convention that does not match), {@link #AVAILABLE} is false and callers use
 * the direct mapping.
 */
final class FfiSyscall {
    /** Bytes of a call area: four 64-bit argument values, four pointers to them, the result. */
    static final int AREA_SIZE = 72;
    private static final int VALUES = 0, POINTERS = 32, RESULT = 64;
    /** {@code FFI_TYPE_SINT64} of ffi.h. */
    private static final short FFI_TYPE_SINT64 = 12;

    /**
     * {@code ffi_type} of a signed 64-bit integer ({@code size_t size; unsigned short alignment;
     * unsigned short type; ffi_type **elements}), then the four argument types; the cif points
     * into it, so it lives as long as the class.
     */
    private static final Memory TYPES = new Memory(24 + 4 * 8);
    private static final long CIF;
    private static final long SYSCALL;
    /** Whether {@link #call} may be used. */
    static final boolean AVAILABLE;

    static {
        long cif = 0, syscall = 0;
        boolean ok;
        try {
            long sint64 = Pointer.nativeValue(TYPES);
            TYPES.setLong(0, 8);
            TYPES.setShort(8, (short) 8);
            TYPES.setShort(10, FFI_TYPE_SINT64);
            TYPES.setLong(16, 0);
            for (int i = 0; i < 4; i++) TYPES.setLong(24 + 8L * i, sint64);
            cif = Native.ffi_prep_cif(Arch.CURRENT.ffiDefaultAbi, 4, sint64, sint64 + 24);
            syscall = Pointer.nativeValue(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("syscall"));
            ok = cif != 0 && getpidAgrees(cif, syscall);
        } catch (Error | RuntimeException e) {
            // A JNA without these entry points (LinkageError) or whose libffi refuses the cif
            // (JNA throws Error): the direct mapping serves.
            ok = false;
        }
        CIF = cif;
        SYSCALL = syscall;
        AVAILABLE = ok;
    }

    private FfiSyscall() {}

    /** Checks the whole path once: getpid(2) through it must return what libc's getpid returns. */
    private static boolean getpidAgrees(long cif, long syscall) {
        ByteBuffer area = ByteBuffer.allocateDirect(AREA_SIZE).order(ByteOrder.nativeOrder());
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(area));
        prepare(area, address, Arch.CURRENT.sysGetpid, 0, 0, 0);
        return invoke(cif, syscall, area, address) == LibC.getpid();
    }

    /**
     * Fills a call area ({@link #AREA_SIZE} bytes in native byte order at native {@code address},
     * {@code area} viewing it) with the arguments of {@code syscall(nr, a, b, c)}.
     */
    static void prepare(ByteBuffer area, long address, long nr, long a, long b, long c) {
        area.putLong(VALUES, nr).putLong(VALUES + 8, a).putLong(VALUES + 16, b).putLong(VALUES + 24, c);
        for (int i = 0; i < 4; i++) area.putLong(POINTERS + 8 * i, address + VALUES + 8L * i);
    }

    /**
     * Runs the prepared call with its second argument replaced by {@code a}. Returns the
     * system call's result, or -1 when it failed (errno unknown). The caller keeps the area
     * reachable until this returns.
     */
    static long call(ByteBuffer area, long address, long a) {
        area.putLong(VALUES + 8, a);
        return invoke(CIF, SYSCALL, area, address);
    }

    private static long invoke(long cif, long syscall, ByteBuffer area, long address) {
        Native.ffi_call(cif, syscall, address + RESULT, address + POINTERS);
        return area.getLong(RESULT);
    }
}
