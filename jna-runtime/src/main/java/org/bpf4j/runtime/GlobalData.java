package org.bpf4j.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bpf4j.object.elf.DataVariable;

/**
 * A global data section ({@code .data}, {@code .rodata}, {@code .bss}, ...) seen from Java, read
 * and written by variable name, or by byte offset where the caller knows the layout. Before load
 * it is the initial image (for {@code .rodata} the only time it can be set); after load it is the
 * kernel's memory, mmap-ed, so reads see what programs wrote and writes are visible to running
 * programs ({@code .rodata} is then read-only). Values are in host byte order, as the programs see
 * them.
 */
public final class GlobalData {
    private final String section;
    private final ByteBuffer buffer;
    private final Map<String, DataVariable> variables = new LinkedHashMap<>();

    /** A view of {@code buffer} (the section image) with the section's variables. */
    public GlobalData(String section, ByteBuffer buffer, List<DataVariable> variables) {
        this.section = section;
        this.buffer = buffer.order(ByteOrder.nativeOrder());
        for (DataVariable v : variables) this.variables.put(v.name(), v);
    }

    /** The section name, e.g. {@code ".bss"}. */
    public String section() {
        return section;
    }

    public int size() {
        return buffer.capacity();
    }

    /** The variables declared in the section. */
    public Set<String> variables() {
        return variables.keySet();
    }

    /** A view of the whole section (absolute get/put; host byte order). */
    public ByteBuffer buffer() {
        return buffer.duplicate().order(ByteOrder.nativeOrder());
    }

    /** Byte offset of {@code variable} in the section. */
    public int offset(String variable) {
        return variable(variable).offset();
    }

    public byte getByte(String variable) { return getByte(at(variable, 1)); }
    public short getShort(String variable) { return getShort(at(variable, 2)); }
    public int getInt(String variable) { return getInt(at(variable, 4)); }
    public long getLong(String variable) { return getLong(at(variable, 8)); }
    public void setByte(String variable, byte v) { setByte(at(variable, 1), v); }
    public void setShort(String variable, short v) { setShort(at(variable, 2), v); }
    public void setInt(String variable, int v) { setInt(at(variable, 4), v); }
    public void setLong(String variable, long v) { setLong(at(variable, 8), v); }
    public void setBoolean(String variable, boolean v) { setBoolean(at(variable, 1), v); }
    public boolean getBoolean(String variable) { return getBoolean(at(variable, 1)); }

    // By byte offset in the section, for callers that know the layout (generated skeletons);
    // the buffer checks the bounds.
    public byte getByte(int offset) { return buffer.get(offset); }
    public short getShort(int offset) { return buffer.getShort(offset); }
    public int getInt(int offset) { return buffer.getInt(offset); }
    public long getLong(int offset) { return buffer.getLong(offset); }
    public boolean getBoolean(int offset) { return getByte(offset) != 0; }
    public void setByte(int offset, byte v) { buffer.put(offset, v); }
    public void setShort(int offset, short v) { buffer.putShort(offset, v); }
    public void setInt(int offset, int v) { buffer.putInt(offset, v); }
    public void setLong(int offset, long v) { buffer.putLong(offset, v); }
    public void setBoolean(int offset, boolean v) { setByte(offset, (byte) (v ? 1 : 0)); }

    /** {@code length} bytes at {@code offset}. */
    public byte[] getBytes(int offset, int length) {
        byte[] out = new byte[length];
        buffer.get(offset, out);
        return out;
    }

    /** Writes {@code value} at {@code offset}. */
    public void setBytes(int offset, byte[] value) {
        buffer.put(offset, value);
    }

    /** The variable's bytes (arrays, structs). */
    public byte[] getBytes(String variable) {
        DataVariable v = variable(variable);
        byte[] out = new byte[v.size()];
        buffer.get(v.offset(), out);
        return out;
    }

    /** Sets the variable's bytes; {@code value} must have exactly its size. */
    public void setBytes(String variable, byte[] value) {
        DataVariable v = variable(variable);
        if (value.length != v.size()) {
            throw new IllegalArgumentException(section + " variable '" + variable + "' has " + v.size()
                    + " bytes, got " + value.length);
        }
        buffer.put(v.offset(), value);
    }

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
