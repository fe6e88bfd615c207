package org.bpf4j.samples.jvm;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.UsdtContext;

/**
 * HotSpot's {@code hotspot:class__loaded(name, length, loader id, shared)}, which the VM passes
 * for every class it loads (always, without extended probes): one record per class.
 */
public final class ClassLoads {
    public static final String LOADED = "libjvm.so:hotspot:class__loaded";

    /** One loaded class. */
    @BpfStruct
    public static final class Loaded {
        public long timeNs;
        public int nameLength;
        /** 1 when the class came from the CDS archive. */
        public int shared;
        /** The name as the VM writes it, {@code java/lang/String}. */
        @Size(128) public byte[] name;

        /** The class name with dots, truncated to 128 bytes. */
        public String className() {
            return ProbeStrings.decode(name, nameLength).replace('/', '.');
        }
    }

    @BpfMap(maxEntries = 1024 * 1024)
    static BpfRingBuffer<Loaded> loads;

    @BpfProgram(type = ProgramType.USDT, target = LOADED)
    static int classLoaded(UsdtContext ctx) {
        Loaded l = loads.reserve();
        if (l == null) {
            return 0;
        }
        l.timeNs = Bpf.ktimeGetNs();
        l.nameLength = (int) ctx.arg(1);
        l.shared = (int) ctx.arg(3);
        Bpf.probeReadUserStr(l.name, ctx.arg(0));
        loads.submit(l);
        return 0;
    }

    private ClassLoads() {}
}
