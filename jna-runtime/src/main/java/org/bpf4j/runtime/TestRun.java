package org.bpf4j.runtime;

import com.sun.jna.Memory;
import org.bpf4j.runtime.load.SectionDefs;
import org.bpf4j.runtime.sys.BpfSyscall;

/**
 * One BPF_PROG_TEST_RUN, configured fluently: {@code prog.testRun().data(packet).repeat(1000).run()}.
 * The output buffer is sized for the input plus room for programs that grow the packet.
 */
public final class TestRun {
    /** Extra output room for programs that push headers (XDP headroom is 256 bytes). */
    private static final int GROWTH = 512;

    private final LoadedProgram program;
    private byte[] data;
    private byte[] context;
    /** 0: once (the kernel's default; raw tracepoint and syscall programs refuse any other value). */
    private int repeat;
    private int flags;
    private int dataOutCapacity = -1;

    TestRun(LoadedProgram program) {
        this.program = program;
    }

    /** The packet (or other data) the program runs on. */
    public TestRun data(byte[] data) {
        this.data = data.clone();
        return this;
    }

    /** The context passed in (e.g. {@code struct xdp_md} or {@code __sk_buff} fields). */
    public TestRun context(byte[] context) {
        this.context = context.clone();
        return this;
    }

    /** Runs the program this many times (the duration is the mean). */
    public TestRun repeat(int repeat) {
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        this.repeat = repeat;
        return this;
    }

    /** {@code BPF_F_TEST_*} flags. */
    public TestRun flags(int flags) {
        this.flags = flags;
        return this;
    }

    /**
     * Capacity of the output packet buffer, when the default (input + 512) is not right; 0 asks
     * for no output packet (the kernel reads a size of 0 as "unlimited", so none is passed).
     */
    public TestRun dataOutCapacity(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("output capacity must be at least 0, got " + capacity);
        this.dataOutCapacity = capacity;
        return this;
    }

    /** Runs; the program is held for the call, so a concurrent close lets it finish first. */
    public TestRunResult run() {
        return program.fd().apply(this::run);
    }

    private TestRunResult run(int programFd) {
        BpfSyscall.TestRunAttr attr = new BpfSyscall.TestRunAttr(programFd).repeat(repeat).flags(flags);
        Memory out = null, ctxOut = null;
        if (data != null) {
            attr.dataIn(copy(data), data.length);
            int cap = dataOutCapacity >= 0 ? dataOutCapacity : data.length + GROWTH;
            if (cap > 0) {
                out = new Memory(cap);
                attr.dataOut(out, cap);
            }
        }
        if (context != null && context.length > 0) {
            Memory ctxIn = copy(context);
            attr.ctxIn(ctxIn, context.length);
            if (contextInOnly()) {
                // the kernel refuses ctx_out here; a syscall program's changes come back in ctx_in
                if (program.type() == SectionDefs.SYSCALL) ctxOut = ctxIn;
            } else {
                ctxOut = new Memory(context.length);
                attr.ctxOut(ctxOut, context.length);
            }
        }
        attr.run("test run of program '" + program.name() + "'");
        byte[] dataOut = out == null ? new byte[0] : out.getByteArray(0, Math.min(attr.dataSizeOut(), (int) out.size()));
        int ctxSize = ctxOut == null ? 0 : contextInOnly() ? context.length : Math.min(attr.ctxSizeOut(), (int) ctxOut.size());
        byte[] ctx = ctxOut == null ? new byte[0] : ctxOut.getByteArray(0, ctxSize);
        return new TestRunResult(attr.retval(), dataOut, ctx, Integer.toUnsignedLong(attr.durationNs()));
    }

    /** Raw tracepoint and syscall programs run on a context alone: no packet, no repeat, no ctx_out. */
    private boolean contextInOnly() {
        return program.type() == SectionDefs.RAW_TRACEPOINT || program.type() == SectionDefs.SYSCALL;
    }

    private static Memory copy(byte[] b) {
        Memory m = new Memory(Math.max(1, b.length));
        m.write(0, b, 0, b.length);
        return m;
    }
}
