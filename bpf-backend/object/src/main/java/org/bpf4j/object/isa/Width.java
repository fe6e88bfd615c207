package org.bpf4j.object.isa;

/** Access size of load and store opcodes (bits 3-4). */
public enum Width {
    W(0x00, 4), H(0x08, 2), B(0x10, 1), DW(0x18, 8);

    private final int code;
    private final int bytes;

    Width(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    public int bytes() {
        return bytes;
    }

    public int bits() {
        return bytes * 8;
    }

    /** The size that accesses {@code bytes} bytes (1, 2, 4 or 8). */
    public static Width ofBytes(int bytes) {
        for (Width s : values()) {
            if (s.bytes == bytes) {
                return s;
            }
        }
        throw new IllegalArgumentException("no access size of " + bytes + " bytes (1, 2, 4 or 8)");
    }

    public static Width of(int opcode) {
        for (Width s : values()) {
            if (s.code == (opcode & 0x18)) {
                return s;
            }
        }
        throw new AssertionError("two bits always match a size");
    }
}
