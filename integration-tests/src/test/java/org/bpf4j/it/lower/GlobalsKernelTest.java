package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.junit.jupiter.api.Test;

/** Globals compiled from static fields keep their values across runs; the config global is set before load. */
@KernelTest
class GlobalsKernelTest {

    @Test
    void staticFieldsAreKernelGlobals() {
        BpfObjectFile file = BpfObjectFile.openResource(Globals.class, "/META-INF/bpf/org.bpf4j.it.lower.Globals.bpf.o");
        file.rodata().setInt("minLength", 100);
        try (LoadedObject o = file.load()) {
            assertEquals(1, o.program("count").testRun(new byte[60]).retval(), "DROP below minLength (with a trace_printk)");
            assertEquals(2, o.program("count").testRun(new byte[150]).retval(), "PASS");
            assertEquals(2, o.program("count").testRun(new byte[120]).retval(), "PASS");
            GlobalData bss = o.globals(".bss");
            GlobalData data = o.globals(".data");
            assertEquals(3, bss.getLong("packets"));
            assertEquals(120, bss.getInt("lastLength"));
            assertEquals(1000 + 60 + 150 + 120, data.getLong("bytes"));
        }
    }
}
