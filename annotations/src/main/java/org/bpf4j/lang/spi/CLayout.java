package org.bpf4j.lang.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Where C puts the members of a struct, the one algorithm both the JVM side ({@code
 * org.bpf4j.lang.StructLayout}, by reflection) and the processor (from source) use: members in
 * order, each at the next multiple of its alignment, the size rounded up to the largest
 * alignment, as clang lays out the same C struct.
 *
 * @param offsets the byte offset of each member, in the order given
 * @param size {@code sizeof}, trailing padding included
 * @param alignment the struct's alignment: its largest member alignment
 */
public record CLayout(List<Integer> offsets, int size, int alignment) {

    /**
     * One member as C sees it.
     *
     * @param elementSize bytes of one element (a scalar's width, a nested struct's size)
     * @param alignment a scalar's width, a nested struct's alignment
     * @param count the array length, 1 for a member that is not an array
     */
    public record Member(int elementSize, int alignment, int count) {
        public int size() {
            return elementSize * count;
        }
    }

    public CLayout {
        offsets = List.copyOf(offsets);
    }

    /** Lays out {@code members} in order. */
    public static CLayout of(List<Member> members) {
        List<Integer> offsets = new ArrayList<>(members.size());
        int end = 0;
        int alignment = 1;
        for (Member m : members) {
            int offset = align(end, m.alignment());
            offsets.add(offset);
            end = offset + m.size();
            alignment = Math.max(alignment, m.alignment());
        }
        return new CLayout(offsets, align(end, alignment), alignment);
    }

    /** {@code offset} rounded up to a multiple of {@code alignment}. */
    public static int align(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
