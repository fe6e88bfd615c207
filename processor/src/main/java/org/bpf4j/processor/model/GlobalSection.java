package org.bpf4j.processor.model;

/** The ELF section a global variable lives in, as libbpf names them. */
public enum GlobalSection {
    /** Zero-initialised, writable. */
    BSS(".bss"),
    /** Writable with a non-zero initial value. */
    DATA(".data"),
    /** {@code @BpfConfig}: set from Java before load, read-only (frozen) once loaded. */
    RODATA(".rodata");

    private final String sectionName;

    GlobalSection(String sectionName) {
        this.sectionName = sectionName;
    }

    public String sectionName() {
        return sectionName;
    }
}
