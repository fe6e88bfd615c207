package org.bpf4j.runtime.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code union bpf_attr}, zero-filled, in native memory. Fields are written at their byte
 * offsets (see /usr/include/linux/bpf.h). Buffers whose addresses are stored in the attr are
 * kept referenced by it, so they stay alive for as long as the attr does, which
 * {@link Sys#bpf} guarantees until the call returns.
 */
public final class BpfAttr {
    /** Big enough for every command used; the kernel accepts a shorter or zero-tailed attr. */
    public static final int SIZE = 160;

    private final Memory memory = new Memory(SIZE);
    private final List<Object> keepAlive = new ArrayList<>(4);

    public BpfAttr() {
        memory.clear();
    }

    /** Zeroes the attr for reuse and forgets the buffers it referenced. */
    public BpfAttr reset() {
        memory.clear();
        keepAlive.clear();
        return this;
    }

    public BpfAttr u32(int offset, int value) {
        memory.setInt(offset, value);
        return this;
    }

    public BpfAttr u64(int offset, long value) {
        memory.setLong(offset, value);
        return this;
    }

    /** Stores the address of {@code buffer} (0 for null) and keeps the buffer alive. */
    public BpfAttr pointer(int offset, Pointer buffer) {
        memory.setLong(offset, buffer == null ? 0 : Pointer.nativeValue(buffer));
        if (buffer != null) keepAlive.add(buffer);
        return this;
    }

    /** Copies {@code bytes} to fresh native memory and stores its address. */
    public BpfAttr bytes(int offset, byte[] bytes) {
        Memory m = new Memory(Math.max(1, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return pointer(offset, m);
    }

    /** A NUL-terminated string in fresh native memory, its address stored at {@code offset}. */
    public BpfAttr string(int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return bytes(offset, z);
    }

    /** {@code BPF_OBJ_NAME_LEN} less the terminating NUL: the longest name the kernel keeps. */
    public static final int OBJ_NAME_MAX = 15;

    /** The kernel's rule for object names (bpf_obj_name_cpy): letters, digits, '_' and '.'. */
    public static boolean hasValidNameCharacters(String name) {
        for (char c : name.toCharArray()) {
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '_' || c == '.')) return false;
        }
        return true;
    }

    /** {@code name} cut to {@value #OBJ_NAME_MAX} characters, as libbpf passes long names. */
    public static String truncatedName(String name) {
        return name.substring(0, Math.min(OBJ_NAME_MAX, name.length()));
    }

    /**
     * An inline name field of {@code BPF_OBJ_NAME_LEN} (16) bytes. A name the kernel would refuse
     * or cut (other characters than {@link #hasValidNameCharacters}, more than
     * {@value #OBJ_NAME_MAX}) is refused here rather than silently changed.
     */
    public BpfAttr objectName(int offset, String name) {
        if (name == null) return this;
        if (name.length() > OBJ_NAME_MAX || !hasValidNameCharacters(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a name the kernel keeps: at most " + OBJ_NAME_MAX
                    + " letters, digits, '_' or '.'");
        }
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        memory.write(offset, b, 0, b.length);
        return this;
    }

    public int getU32(int offset) {
        return memory.getInt(offset);
    }

    public long getU64(int offset) {
        return memory.getLong(offset);
    }

    /** The native attr itself, for the system call. */
    Pointer pointer() {
        return memory;
    }
}
