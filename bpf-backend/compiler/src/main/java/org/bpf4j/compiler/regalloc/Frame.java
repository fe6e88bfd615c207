package org.bpf4j.compiler.regalloc;

import org.bpf4j.object.isa.BpfStack;

/**
 * The stack frame of one function: locals ({@code STACK_ALLOC}) and spill slots, addressed as
 * negative offsets from r10, within {@link BpfStack#LIMIT}.
 */
public final class Frame {
    private final String function;
    private int localBytes;
    private int spillBytes;

    public Frame(String function) {
        this.function = function;
    }

    /** Reserves {@code size} bytes for a local, 8-byte aligned; returns its r10-relative offset. */
    public int allocateLocal(int size) {
        if (size <= 0) throw new IllegalArgumentException("stack object of " + size + " bytes in " + function);
        localBytes += (size + 7) & ~7;
        check();
        return -(localBytes + spillBytes);
    }

    /** Reserves one 8-byte spill slot; returns its r10-relative offset. */
    public int allocateSpill() {
        spillBytes += 8;
        check();
        return -(localBytes + spillBytes);
    }

    public int size() { return localBytes + spillBytes; }

    private void check() {
        if (size() > BpfStack.LIMIT) {
            throw new FrameOverflowException("function " + function + " needs " + size() + " bytes of stack (" + localBytes
                    + " for struct and array locals, " + spillBytes + " for spilled values); BPF allows " + BpfStack.LIMIT
                    + ": make locals smaller, or keep large data in a per-CPU array map");
        }
    }
}
