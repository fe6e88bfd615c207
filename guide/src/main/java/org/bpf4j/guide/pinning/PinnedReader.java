package org.bpf4j.guide.pinning;

import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.Codecs;
import org.bpf4j.runtime.map.KernelMap;

/** Another JVM's view of the pinned map: prints the frame count. Usage: {@code PinnedReader <pin path>}. */
public final class PinnedReader {
    public static void main(String[] args) {
        try (KernelMap pinned = KernelMap.openPinned(args[0])) {
            BpfArrayMap<Long> frames = new BpfArrayMap<>(Codecs.LONG, pinned);   // typed again
            System.out.println(frames.get(0));
        }
    }

    private PinnedReader() {}
}
