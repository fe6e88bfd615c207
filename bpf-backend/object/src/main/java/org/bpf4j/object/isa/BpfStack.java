package org.bpf4j.object.isa;

/**
 * The kernel's BPF stack, as the verifier counts it: what a frame below r10 may hold, and what
 * the frames of a BPF-to-BPF call chain may hold together.
 */
public final class BpfStack {
    /** Bytes of one frame, and of the frames of a call chain together ({@code MAX_BPF_STACK}). */
    public static final int LIMIT = 512;

    private BpfStack() {}

    /** A frame as the verifier counts it in a call chain: rounded up to 32 bytes, at least 32. */
    public static int chainFrameBytes(int bytes) {
        return (Math.max(bytes, 1) + 31) & ~31;
    }
}
