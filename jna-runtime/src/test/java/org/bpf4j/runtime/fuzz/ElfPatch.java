package org.bpf4j.runtime.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.elf.ElfSection;

/** Changes one field of a section header of an ELF64 object, found by section name. */
final class ElfPatch {
    static final int SH_NAME = 0, SH_TYPE = 4, SH_SIZE = 32;

    private ElfPatch() {}

    /** A copy of {@code elf} with the 4-byte field at {@code field} of section {@code name}'s header set to {@code value}. */
    static byte[] u32(byte[] elf, String name, int field, int value) {
        byte[] copy = elf.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(header(elf, name) + field, value);
        return copy;
    }

    /** A copy of {@code elf} with the 8-byte field at {@code field} of section {@code name}'s header set to {@code value}. */
    static byte[] u64(byte[] elf, String name, int field, long value) {
        byte[] copy = elf.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(header(elf, name) + field, value);
        return copy;
    }

    /** The section's file offset. */
    static int offset(byte[] elf, String name) {
        return (int) section(elf, name).offset();
    }

    private static ElfSection section(byte[] elf, String name) {
        return ElfFile.parse(elf).section(name).orElseThrow(() -> new IllegalArgumentException("no section " + name));
    }

    private static int header(byte[] elf, String name) {
        long shoff = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        return (int) (shoff + section(elf, name).index() * 64L);
    }
}
