package org.bpf4j.runtime.sys;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.jna.Memory;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfNotFoundException;
import org.junit.jupiter.api.Test;

@KernelTest
class BpfSyscallTest {
    private static final int BPF_MAP_TYPE_HASH = 1;
    private static final int BPF_PROG_TYPE_SOCKET_FILTER = 1;

    @Test
    void hashMapElementsRoundTrip() {
        try (Fd map = BpfSyscall.mapCreate(BPF_MAP_TYPE_HASH, 4, 8, 16).name("sys_test").create("map 'sys_test'")) {
            Memory key = new Memory(4), value = new Memory(8);
            key.setInt(0, 42);
            value.setLong(0, 0x1122334455667788L);
            assertEquals(0, BpfSyscall.mapUpdateElem(map.get(), key, value, BpfSyscall.BPF_NOEXIST));
            assertEquals(-Errno.EEXIST, BpfSyscall.mapUpdateElem(map.get(), key, value, BpfSyscall.BPF_NOEXIST));
            Memory out = new Memory(8);
            assertEquals(0, BpfSyscall.mapLookupElem(map.get(), key, out, 0));
            assertEquals(0x1122334455667788L, out.getLong(0));
            Memory next = new Memory(4);
            assertEquals(0, BpfSyscall.mapGetNextKey(map.get(), null, next));
            assertEquals(42, next.getInt(0));
            assertEquals(-Errno.ENOENT, BpfSyscall.mapGetNextKey(map.get(), next, next));
            assertEquals(0, BpfSyscall.mapDeleteElem(map.get(), key));
            assertEquals(-Errno.ENOENT, BpfSyscall.mapLookupElem(map.get(), key, out, 0));
        }
    }

    @Test
    void programLoadsAndTestRuns() {
        // r0 = 7; exit
        byte[] code = {(byte) 0xb7, 0, 0, 0, 7, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
        int fd = BpfSyscall.progLoad(BPF_PROG_TYPE_SOCKET_FILTER, code, "GPL").name("seven").load(null, 0, 0);
        assertTrue(fd > 0, "load failed: " + fd);
        try (Fd prog = new Fd(fd, "program 'seven'")) {
            Memory packet = new Memory(64);
            packet.clear();
            BpfSyscall.TestRunAttr run = new BpfSyscall.TestRunAttr(prog.get()).dataIn(packet, 64).repeat(1).run("program 'seven'");
            assertEquals(7, run.retval());
        }
    }

    @Test
    void errnoBecomesTypedExceptionNamingTheSubject() {
        BpfNotFoundException e = assertThrows(BpfNotFoundException.class,
                () -> BpfSyscall.objGet("/sys/fs/bpf/bpf4j-does-not-exist", 0));
        assertTrue(e.getMessage().contains("/sys/fs/bpf/bpf4j-does-not-exist"), e.getMessage());
        assertEquals(Errno.ENOENT, e.errno());
        BpfException bad = assertThrows(BpfException.class,
                () -> BpfSyscall.mapCreate(0x7fff, 4, 4, 1).create("map 'bogus'"));
        assertTrue(bad.getMessage().contains("MAP_CREATE") && bad.getMessage().contains("EINVAL"), bad.getMessage());
    }

    @Test
    void fdClosesOnce() {
        Fd map = BpfSyscall.mapCreate(BPF_MAP_TYPE_HASH, 4, 4, 1).create("map");
        map.close();
        map.close();
        assertFalse(map.isOpen());
        assertThrows(IllegalStateException.class, map::get);
    }
}
