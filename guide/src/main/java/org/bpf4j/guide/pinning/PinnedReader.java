package org.bpf4j.guide.pinning;

import java.nio.file.Path;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.runtime.map.PinnedMaps;

/** Another JVM's view of the pinned map: prints the frame count. Usage: {@code PinnedReader <pin path>}. */
public final class PinnedReader {
    public static void main(String[] args) {
        try (BpfArrayMap<Long> frames = PinnedMaps.array(Path.of(args[0]), Long.class)) {   // typed again
            System.out.println(frames.get(0));
        }
    }

    private PinnedReader() {}
}
