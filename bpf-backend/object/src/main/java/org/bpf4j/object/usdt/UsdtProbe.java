package org.bpf4j.object.usdt;

import java.util.List;

/**
 * One USDT probe site of a binary: a {@code .note.stapsdt} entry, its addresses already adjusted
 * for prelinking ({@code .stapsdt.base}) and mapped to the file offsets uprobes take. One probe
 * ({@code provider:name}) may have several sites, each with its own argument locations.
 *
 * @param address          the site's virtual address in the binary
 * @param fileOffset       where the site's instruction is in the file: the uprobe offset
 * @param semaphoreAddress the virtual address of the probe's 2-byte semaphore; 0 when unguarded
 * @param semaphoreOffset  the semaphore's file offset: the uprobe's {@code ref_ctr_offset}; 0 when unguarded
 * @param argumentSpec     the note's argument string, as written ({@code -4@%esi 8@-16(%rbp)})
 * @param arguments        that string parsed, PC-relative operands resolved against this site's address
 */
public record UsdtProbe(String provider, String name, long address, long fileOffset, long semaphoreAddress,
                        long semaphoreOffset, String argumentSpec, List<UsdtArgument> arguments) {

    public UsdtProbe {
        arguments = List.copyOf(arguments);
    }

    /** {@code provider:name}, as tools name probes. */
    public String qualifiedName() {
        return provider + ":" + name;
    }

    public boolean hasSemaphore() {
        return semaphoreAddress != 0;
    }

    public boolean is(String provider, String name) {
        return this.provider.equals(provider) && this.name.equals(name);
    }
}
