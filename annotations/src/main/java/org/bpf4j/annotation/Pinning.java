package org.bpf4j.annotation;

/** Where a map is pinned in bpffs, with libbpf's numbering ({@code LIBBPF_PIN_*}). */
public enum Pinning {
    /** Not pinned: the map lives as long as a program or file descriptor holds it. */
    NONE(0),
    /**
     * Pinned under {@code /sys/fs/bpf/<map name>} (libbpf's default pin root); an existing
     * compatible pinned map is reused instead of created.
     */
    BY_NAME(1);

    private final int libbpfValue;

    Pinning(int libbpfValue) {
        this.libbpfValue = libbpfValue;
    }

    /** The value of the {@code pinning} attribute in a libbpf BTF map definition. */
    public int libbpfValue() {
        return libbpfValue;
    }
}
