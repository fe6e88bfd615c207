package org.bpf4j.runtime.map;

import org.bpf4j.lang.BpfProgArray;
import org.bpf4j.runtime.LoadedProgram;

/** Filling a kernel program array with loaded programs rather than raw descriptors. */
public final class ProgArrays {
    private ProgArrays() {}

    /**
     * Puts {@code program} in slot {@code index} of {@code array}; the program's descriptor is held
     * during the update, so a concurrent close cannot hand the kernel a reused number.
     */
    public static void set(BpfProgArray array, int index, LoadedProgram program) {
        program.fd().apply(fd -> {
            array.set(index, fd);
            return null;
        });
    }
}
