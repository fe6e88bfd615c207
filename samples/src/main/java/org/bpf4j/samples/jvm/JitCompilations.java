package org.bpf4j.samples.jvm;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.BpfHashMap;
import org.bpf4j.lang.BpfRingBuffer;
import org.bpf4j.lang.UsdtContext;

/**
 * HotSpot's {@code hotspot:method__compile__begin} and {@code method__compile__end}, which a
 * compiler thread passes around each JIT compilation (always, without extended probes): one
 * record per finished compilation with the compiler, the method and the compile time. Both
 * probes pass {@code (compiler, length, class, length, method, length, signature, length)};
 * the end adds whether the compilation succeeded.
 */
public final class JitCompilations {
    public static final String BEGIN = "libjvm.so:hotspot:method__compile__begin";
    public static final String END = "libjvm.so:hotspot:method__compile__end";

    /** One finished compilation. */
    @BpfStruct
    public static final class Compilation {
        /** From begin to end on the compiler thread; 0 when the begin came before attaching. */
        public long durationNs;
        public int success;
        public int compilerLength;
        public int classLength;
        public int methodLength;
        @Size(8) public byte[] compiler;
        /** The class name as the VM writes it, {@code java/lang/String}. */
        @Size(96) public byte[] className;
        @Size(64) public byte[] methodName;

        /** {@code C1}, {@code C2} or the JVMCI compiler's name. */
        public String compiler() {
            return ProbeStrings.decode(compiler, compilerLength);
        }

        /** The class name, truncated to 96 bytes. */
        public String className() {
            return ProbeStrings.decode(className, classLength);
        }

        /** The method name, truncated to 64 bytes. */
        public String methodName() {
            return ProbeStrings.decode(methodName, methodLength);
        }
    }

    @BpfMap(maxEntries = 256 * 1024)
    static BpfRingBuffer<Compilation> compilations;

    /** When the compilation of a compiler thread (its thread id) began. */
    @BpfMap(maxEntries = 256)
    static BpfHashMap<Integer, Long> started;

    @BpfProgram(type = ProgramType.USDT, target = BEGIN)
    static int compileBegin(UsdtContext ctx) {
        started.put((int) Bpf.getCurrentPidTgid(), Bpf.ktimeGetNs());
        return 0;
    }

    @BpfProgram(type = ProgramType.USDT, target = END)
    static int compileEnd(UsdtContext ctx) {
        int thread = (int) Bpf.getCurrentPidTgid();
        Long begin = started.get(thread);
        long duration = begin == null ? 0 : Bpf.ktimeGetNs() - begin;
        started.remove(thread);
        Compilation c = compilations.reserve();
        if (c == null) {
            return 0;
        }
        c.durationNs = duration;
        c.success = (int) ctx.arg(8);
        c.compilerLength = (int) ctx.arg(1);
        c.classLength = (int) ctx.arg(3);
        c.methodLength = (int) ctx.arg(5);
        Bpf.probeReadUserStr(c.compiler, ctx.arg(0));
        Bpf.probeReadUserStr(c.className, ctx.arg(2));
        Bpf.probeReadUserStr(c.methodName, ctx.arg(4));
        compilations.submit(c);
        return 0;
    }

    private JitCompilations() {}
}
