package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;

/**
 * The runtime and language types generated skeletons use, named here once. The processor does
 * not depend on the runtime module: these are names only, resolved when the skeleton compiles
 * in the user's build (which has {@code bpf4j-jna-runtime} on its class path).
 */
final class Names {
    static final ClassName CODEC = ClassName.get("org.bpf4j.lang.spi", "Codec");
    static final ClassName CODECS = ClassName.get("org.bpf4j.lang", "Codecs");

    static final ClassName OBJECT_FILE = ClassName.get("org.bpf4j.runtime", "BpfObjectFile");
    static final ClassName LOADED_OBJECT = ClassName.get("org.bpf4j.runtime", "LoadedObject");
    static final ClassName PROGRAM = ClassName.get("org.bpf4j.runtime", "LoadedProgram");
    static final ClassName GLOBAL_DATA = ClassName.get("org.bpf4j.runtime", "GlobalData");
    static final ClassName KERNEL_MAP = ClassName.get("org.bpf4j.runtime.map", "KernelMap");

    static final ClassName RING_BUFFER = ClassName.get("org.bpf4j.runtime.ringbuf", "RingBuffer");
    static final ClassName PERF_BUFFER = ClassName.get("org.bpf4j.runtime.ringbuf", "PerfBuffer");
    static final ClassName ATTACH = ClassName.get("org.bpf4j.runtime.attach", "Attach");
    static final ClassName LINK = ClassName.get("org.bpf4j.runtime.attach", "Link");

    private Names() {}
}
