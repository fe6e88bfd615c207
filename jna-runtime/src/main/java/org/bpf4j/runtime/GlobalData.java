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
 * read and written by variable name, or by byte offset where the caller knows the layout. Before load it is the initial image (for {@code .rodata}
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

    public byte getByte(String variable) { return getByte(at(variable, 1)); }
    public short getShort(String variable) { return getShort(at(variable, 2)); }
    public int getInt(String variable) { return getInt(at(variable, 4)); }
    public long getLong(String variable) { return getLong(at(variable, 8)); }
    public boolean getBoolean(String variable) { return getBoolean(at(variable, 1)); }
    public void setByte(String variable, byte v) { setByte(at(variable, 1), v); }
    public void setShort(String variable, short v) { setShort(at(variable, 2), v); }
    public void setInt(String variable, int v) { setInt(at(variable, 4), v); }
    public void setLong(String variable, long v) { setLong(at(variable, 8), v); }
    public void setBoolean(String variable, boolean v) { setBoolean(at(variable, 1), v); }

    // By byte offset in the section, for callers that know the layout (generated skeletons).

    public byte getByte(int offset) {
        ByteBuffer b = enter(offset, 1, false);
        try { return b.get(offset); } finally { exit(); }
    }

    public short getShort(int offset) {
        ByteBuffer b = enter(offset, 2, false);
        try { return b.getShort(offset); } finally { exit(); }
    }

    public int getInt(int offset) {
        ByteBuffer b = enter(offset, 4, false);
        try { return b.getInt(offset); } finally { exit(); }
    }

    public long getLong(int offset) {
        ByteBuffer b = enter(offset, 8, false);
        try { return b.getLong(offset); } finally { exit(); }
    }

    public boolean getBoolean(int offset) { return getByte(offset) != 0; }

    public void setByte(int offset, byte v) {
        ByteBuffer b = enter(offset, 1, true);
        try { b.put(offset, v); } finally { exit(); }
    }

    public void setShort(int offset, short v) {
        ByteBuffer b = enter(offset, 2, true);
        try { b.putShort(offset, v); } finally { exit(); }
    }

    public void setInt(int offset, int v) {
        ByteBuffer b = enter(offset, 4, true);
        try { b.putInt(offset, v); } finally { exit(); }
    }

    public void setLong(int offset, long v) {
        ByteBuffer b = enter(offset, 8, true);
        try { b.putLong(offset, v); } finally { exit(); }
    }

    public void setBoolean(int offset, boolean v) { setByte(offset, (byte) (v ? 1 : 0)); }

    /** {@code length} bytes at {@code offset}. */
    public byte[] getBytes(int offset, int length) {
        byte[] out = new byte[length];
        ByteBuffer b = enter(offset, length, false);
        try { b.get(offset, out); } finally { exit(); }
        return out;
    }

    /** Writes {@code value} at {@code offset}. */
    public void setBytes(int offset, byte[] value) {
        ByteBuffer b = enter(offset, value.length, true);
        try { b.put(offset, value); } finally { exit(); }
    }

    /** The variable's bytes (arrays, structs). */
    public byte[] getBytes(String variable) {
        DataVariable v = variable(variable);
        return getBytes(v.offset(), v.size());
    }

    /** Sets the variable's bytes; {@code value} must have exactly its size. */
    public void setBytes(String variable, byte[] value) {
        DataVariable v = variable(variable);
        if (value.length != v.size()) {
            throw new IllegalArgumentException(section + " variable '" + variable + "' has " + v.size()
                    + " bytes, got " + value.length);
        }
        setBytes(v.offset(), value);
    }

    /**
     * The section's memory, held until {@link #exit()}, after checking that {@code width} bytes at
     * {@code offset} lie inside the section and, for a write, that it is writable.
     */
    private ByteBuffer enter(int offset, int width, boolean write) {
        if (offset < 0 || width < 0 || (long) offset + width > size) {
            throw new IndexOutOfBoundsException(width + " bytes at " + offset + " are outside " + section
                    + "'s " + size + " bytes");
        }
        if (write && readOnly) throw new ReadOnlyBufferException();
        if (region == null) return image;
        region.acquire();
        return region.view();
    }

    private void exit() {
        if (region != null) region.release();
    }

    /** The variable's offset, checked to be {@code width} bytes wide. */
    private int at(String variable, int width) {
        DataVariable v = variable(variable);
        if (v.size() != width) {
            throw new IllegalArgumentException(section + " variable '" + variable + "' is " + v.size()
                    + " bytes wide, not " + width);
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
