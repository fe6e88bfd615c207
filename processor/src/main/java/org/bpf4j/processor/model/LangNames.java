package org.bpf4j.processor.model;

/** Qualified names of the {@code bpf4j-annotations} types the model reads from symbols. */
public final class LangNames {
    public static final String BPF_PROGRAM = "org.bpf4j.annotation.BpfProgram";
    public static final String BPF_MAP = "org.bpf4j.annotation.BpfMap";
    public static final String BPF_STRUCT = "org.bpf4j.annotation.BpfStruct";
    public static final String BPF_CONFIG = "org.bpf4j.annotation.BpfConfig";
    public static final String SIZE = "org.bpf4j.annotation.Size";
    public static final String KERNEL_MAP = "org.bpf4j.annotation.KernelMapType";

    private LangNames() {}
}
