package org.bpf4j.lang;

/**
 * Any map declared with {@code @BpfMap}. In BPF code a map field stands for the kernel map
 * (a map pointer, as helpers such as {@code Bpf.mapLookupElem} take); from Java it is backed
 * either by JVM memory (a new map made with a constructor) or by a kernel map through
 * {@link org.bpf4j.lang.spi}. Closing releases the backing (the kernel map's descriptor).
 */
public abstract class AbstractBpfMap implements AutoCloseable {
    AbstractBpfMap() {
    }

    /** The map's {@code max_entries}. */
    public abstract int maxEntries();

    /** Releases the backing store. */
    @Override
    public abstract void close();
}
