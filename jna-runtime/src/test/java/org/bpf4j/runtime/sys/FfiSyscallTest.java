package org.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The ffi_call path of bpf(2): present with the bundled JNA, and it answers as the direct mapping does. */
class FfiSyscallTest {
    private static final long UNKNOWN_BPF_COMMAND = 9999;

    @Test
    void isAvailableWithTheBundledJna() {
        // Falling back silently would only show as slower map operations; say it here instead.
        assertTrue(FfiSyscall.AVAILABLE, "libffi setup or the getpid self-check failed on " + Arch.CURRENT);
    }

    @Test
    void returnsTheSyscallResultOrMinusOne() {
        ByteBuffer area = ByteBuffer.allocateDirect(FfiSyscall.AREA_SIZE).order(ByteOrder.nativeOrder());
        long address = Pointer.nativeValue(Native.getDirectBufferPointer(area));
        FfiSyscall.prepare(area, address, Arch.CURRENT.sysGetpid, 0, 0, 0);
        assertEquals(LibC.getpid(), FfiSyscall.call(area, address, 0));

        FfiSyscall.prepare(area, address, Arch.CURRENT.sysBpf, 0, 0, 0);
        assertEquals(-1, FfiSyscall.call(area, address, UNKNOWN_BPF_COMMAND));
        assertEquals(-1, LibC.syscall(Arch.CURRENT.sysBpf, UNKNOWN_BPF_COMMAND, 0, 0));
        int errno = Native.getLastError();
        assertTrue(errno == Errno.EINVAL || errno == Errno.EPERM, "errno " + errno);
    }
}
