package org.bpf4j.object.elf;

/** One program header: where a segment's bytes are in the file and where they are mapped. */
public record ElfSegment(int type, int flags, long offset, long virtualAddress, long fileSize, long memorySize) {

    public boolean containsAddress(long address) {
        return Long.compareUnsigned(address, virtualAddress) >= 0
                && Long.compareUnsigned(address - virtualAddress, fileSize) < 0;
    }
}
