package org.bpf4j.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.object.elf.DataVariable;
import org.bpf4j.runtime.sys.MappedRegion;

/**
 * A global data section ({@code .data}, {@code .rodata}, {@code .bss}, ...) seen from Java,
 * read and written by variable name. Before load it is the initial image (for {@code .rodata}
 * the only time it can be set); after load it is the kernel's memory, mmap-ed, so reads see
 * what programs wrote and writes are visible to running programs ({@code .rodata} is then
 * read-only). Values are in host byte order, as the programs see them. Safe to use from several
 * threads; once its object is closed every access throws {@link IllegalStateException}.
 */
public final class GlobalData {
    private final String section;
    /** The initial image; null when mapped. */
    private final ByteBuffer image;
    /** The kernel's memory; null for an initial image. */
    private final MappedRegion region;
    private final int size;
    private final boolean readOnly;
    private final Map<String, DataVariable> variables = new LinkedHashMap<>();

    private GlobalData(String section, ByteBuffer image, MappedRegion region, int size, boolean readOnly,
                       List<DataVariable> variables) {
        this.section = section;
        this.image = image;
        this.region = region;
        this.size = size;
        this.readOnly = readOnly;
        for (DataVariable v : variables) this.variables.put(v.name(), v);
    }

    /** The initial image {@code buffer} of a section with {@code variables}, before load. */
    public GlobalData(String section, ByteBuffer buffer, List<DataVariable> variables) {
        this(section, buffer.order(ByteOrder.nativeOrder()), null, buffer.capacity(), buffer.isReadOnly(), variables);
    }

    /** The first {@code size} bytes of {@code region}, the loaded section's map memory. */
    public static GlobalData mapped(String section, MappedRegion region, int size, boolean readOnly,
                                    List<DataVariable> variables) {
        return new GlobalData(section, null, region, size, readOnly, variables);
    }

    /** The section name, e.g. {@code ".bss"}. */
    public String section() {
        return section;
    }

    public int size() {
        return size;
    }

    /** The variables declared in the section. */
    public Set<String> variables() {
        return variables.keySet();
    }

    /**
     * A view of the whole section (absolute get/put; host byte order). A loaded section's view
     * keeps the kernel's memory mapped until it is unreachable, even after the object is closed.
     */
    public ByteBuffer buffer() {
        ByteBuffer b = region == null ? image.duplicate() : region.escape().limit(size);
        if (readOnly && !b.isReadOnly()) b = b.asReadOnlyBuffer();
        return b.order(ByteOrder.nativeOrder());
    }

    /** Byte offset of {@code variable} in the section. */
    public int offset(String variable) {
        return variable(variable).offset();
    }

    public byte getByte(String variable) {
        int at = at(variable, 1);
        ByteBuffer b = enter();
        try { return b.get(at); } finally { exit(); }
    }

    public short getShort(String variable) {
        int at = at(variable, 2);
        ByteBuffer b = enter();
        try { return b.getShort(at); } finally { exit(); }
    }

    public int getInt(String variable) {
        int at = at(variable, 4);
        ByteBuffer b = enter();
        try { return b.getInt(at); } finally { exit(); }
    }

    public long getLong(String variable) {
        int at = at(variable, 8);
        ByteBuffer b = enter();
        try { return b.getLong(at); } finally { exit(); }
    }

    public void setByte(String variable, byte v) {
        int at = writable(variable, 1);
        ByteBuffer b = enter();
        try { b.put(at, v); } finally { exit(); }
    }

    public void setShort(String variable, short v) {
        int at = writable(variable, 2);
        ByteBuffer b = enter();
        try { b.putShort(at, v); } finally { exit(); }
    }

    public void setInt(String variable, int v) {
        int at = writable(variable, 4);
        ByteBuffer b = enter();
        try { b.putInt(at, v); } finally { exit(); }
    }

    public void setLong(String variable, long v) {
        int at = writable(variable, 8);
        ByteBuffer b = enter();
        try { b.putLong(at, v); } finally { exit(); }
    }

    public void setBoolean(String variable, boolean v) { setByte(variable, (byte) (v ? 1 : 0)); }
    public boolean getBoolean(String variable) { return getByte(variable) != 0; }

    /** The variable's bytes (arrays, structs). */
    public byte[] getBytes(String variable) {
        DataVariable v = variable(variable);
        byte[] out = new byte[v.size()];
        ByteBuffer b = enter();
        try { b.get(v.offset(), out); } finally { exit(); }
        return out;
    }

    /** Sets the variable's bytes; {@code value} must have exactly its size. */
    public void setBytes(String variable, byte[] value) {
        DataVariable v = variable(variable);
        if (value.length != v.size()) {
            throw new IllegalArgumentException(section + " variable '" + variable + "' has " + v.size()
                    + " bytes, got " + value.length);
        }
        int at = writable(variable, v.size());
        ByteBuffer b = enter();
        try { b.put(at, value); } finally { exit(); }
    }

    /** The section's memory, held until {@link #exit()}. */
    private ByteBuffer enter() {
        if (region == null) return image;
        region.acquire();
        return region.view();
    }

    private void exit() {
        if (region != null) region.release();
    }

    private int writable(String variable, int width) {
        if (readOnly) throw new ReadOnlyBufferException();
        return at(variable, width);
    }

    /** The variable's offset, checked to be {@code width} bytes wide and inside the section. */
    private int at(String variable, int width) {
        DataVariable v = variable(variable);
        if (v.size() != width) {
            throw new IllegalArgumentException(section + " variable '" + variable + "' is " + v.size()
                    + " bytes wide, not " + width);
        }
        if (v.offset() < 0 || (long) v.offset() + width > size) {
            throw new IndexOutOfBoundsException(section + " variable '" + variable + "' at " + v.offset()
                    + " does not fit the section's " + size + " bytes");
        }
        return v.offset();
    }

    private DataVariable variable(String name) {
        DataVariable v = variables.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no variable '" + name + "' in " + section + " (has " + variables.keySet() + ")");
        }
        return v;
    }
}
