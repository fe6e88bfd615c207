package org.bpf4j.runtime;

import org.bpf4j.runtime.load.ProgramImage;
import org.bpf4j.runtime.load.ProgramLoader;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;

/** A program loaded into the kernel, owning its file descriptor. */
public final class LoadedProgram implements AutoCloseable {
    private final Fd fd;
    private final String name;
    private final String section;
    private final int type;
    private final int expectedAttachType;
    private final int insnCount;

    /**
     * Wraps a loaded program fd (ownership passes to this object) whose loaded instruction count
     * is not known here; {@link #insnCount()} then reports the kernel's translated count.
     */
    public LoadedProgram(Fd fd, String name, String section, int type, int expectedAttachType) {
        this(fd, name, section, type, expectedAttachType, -1);
    }

    /**
     * Wraps a loaded program fd (ownership passes to this object).
     *
     * @param section the ELF section it came from (carries the attach target, e.g.
     *     {@code tracepoint/syscalls/sys_enter_execve}), or "" when loaded directly
     * @param insnCount instruction slots given to the kernel (after subprograms were appended)
     */
    public LoadedProgram(Fd fd, String name, String section, int type, int expectedAttachType, int insnCount) {
        this.fd = fd;
        this.name = name;
        this.section = section;
        this.type = type;
        this.expectedAttachType = expectedAttachType;
        this.insnCount = insnCount;
    }

    /** Loads a program described in full; see {@link ProgramImage}. */
    public static LoadedProgram load(ProgramImage spec) {
        return new LoadedProgram(ProgramLoader.load(spec), spec.name(), "", spec.progType(), spec.expectedAttachType(),
                spec.code().length / 8);
    }

    /** Opens a program pinned in bpffs. */
    public static LoadedProgram openPinned(String path) {
        Fd fd = BpfSyscall.objGet(path, 0);
        try {
            ProgramInfo info = ProgramInfo.query(fd.get(), "pinned program " + path);
            return new LoadedProgram(fd, info.name(), "", info.type(), 0);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** Opens the program with kernel id {@code id}. */
    public static LoadedProgram fromId(int id) {
        Fd fd = BpfSyscall.getFdById(BpfCommand.PROG_GET_FD_BY_ID, id);
        try {
            ProgramInfo info = ProgramInfo.query(fd.get(), "program id " + id);
            return new LoadedProgram(fd, info.name(), "", info.type(), 0);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public String name() { return name; }
    /** The ELF section name ("" when not loaded from an object). */
    public String section() { return section; }
    /** {@code BPF_PROG_TYPE_*}. */
    public int type() { return type; }
    /** {@code BPF_*} attach type given at load, 0 when none. */
    public int expectedAttachType() { return expectedAttachType; }
    /** The descriptor; hold it ({@link Fd#acquire()}/{@link Fd#apply}) around every use of its number. */
    public Fd fd() { return fd; }
    /**
     * Instruction slots handed to the kernel, subprograms included (libbpf's
     * {@code bpf_program__insn_cnt}); for programs opened by id or pin, the kernel's translated count.
     */
    public int insnCount() { return insnCount >= 0 ? insnCount : info().xlatedInsns(); }

    /** What the kernel reports: ids, sizes after verification and JIT, verifier work. */
    public ProgramInfo info() {
        return fd.apply(n -> ProgramInfo.query(n, "program '" + name + "'"));
    }

    /** Starts a BPF_PROG_TEST_RUN. */
    public TestRun testRun() {
        return new TestRun(this);
    }

    /** Runs once on {@code packet}. */
    public TestRunResult testRun(byte[] packet) {
        return testRun().data(packet).run();
    }

    public void pin(String path) {
        fd.apply(n -> {
            BpfSyscall.objPin(n, path, "program '" + name + "'");
            return null;
        });
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "program '" + name + "' type=" + type + (section.isEmpty() ? "" : " section=" + section) + " " + fd;
    }
}
