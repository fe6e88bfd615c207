package org.bpf4j.runtime.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates one field of a valid little-endian ELF64 BPF object: in the ELF header, a section
 * header, a string table, the BTF header, types or strings, the .BTF.ext header or records,
 * a relocation, a symbol or an instruction. Field values are chosen to hit edges (0, 1, -1,
 * sign bits, sizes off by one, the file size) more often than random values would.
 */
final class ObjectMutator {
    /** Where a mutation landed, for the report. */
    record Mutation(byte[] bytes, String where) {}

    private record Region(String name, int start, int length, int stride, int[] fieldOffsets, int[] fieldWidths,
                          String kinds) {
        Region(String name, int start, int length, int stride, int[] fieldOffsets, int[] fieldWidths) {
            this(name, start, length, stride, fieldOffsets, fieldWidths, "a".repeat(fieldOffsets.length));
        }
    }

    /** ELF section types, libbpf's among them, that a type field is set to. */
    private static final long[] SECTION_TYPES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 0x6fff4c03L, 0x6ffffff6L};

    private static final int EHDR = 64, SHDR = 64, SYM = 24, REL = 16;
    private static final int SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_REL = 9;

    private final byte[] original;
    private final List<Region> regions = new ArrayList<>();

    ObjectMutator(byte[] original) {
        this.original = original;
        ByteBuffer b = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        regions.add(new Region("ELF header", 0, EHDR, EHDR,
                new int[] {16, 18, 20, 24, 32, 40, 48, 52, 54, 56, 58, 60, 62},
                new int[] {2, 2, 4, 8, 8, 8, 4, 2, 2, 2, 2, 2, 2}));
        int shoff = (int) b.getLong(40);
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int shstrndx = Short.toUnsignedInt(b.getShort(62));
        regions.add(new Region("section header", shoff, shnum * SHDR, SHDR,
                new int[] {0, 4, 8, 16, 24, 32, 40, 44, 48, 56}, new int[] {4, 4, 8, 8, 8, 8, 4, 4, 8, 8}, "itaassiias"));
        int shstrOff = (int) b.getLong(shoff + shstrndx * SHDR + 24);
        for (int i = 1; i < shnum; i++) {
            int h = shoff + i * SHDR;
            int type = b.getInt(h + 4);
            int offset = (int) b.getLong(h + 24);
            int size = (int) b.getLong(h + 32);
            String name = cString(original, shstrOff + b.getInt(h));
            if (size <= 0 || type == 8 /* NOBITS */) continue;
            if (type == SHT_STRTAB) {
                regions.add(new Region("string table " + name, offset, size, 1, new int[] {0}, new int[] {1}));
            } else if (type == SHT_SYMTAB) {
                regions.add(new Region("symbol", offset, size, SYM, new int[] {0, 4, 5, 6, 8, 16}, new int[] {4, 1, 1, 2, 8, 8}, "iaaiss"));
            } else if (type == SHT_REL) {
                regions.add(new Region("relocation in " + name, offset, size, REL, new int[] {0, 8, 12}, new int[] {8, 4, 4}, "sai"));
            } else if (name.equals(".BTF")) {
                int hdr = b.getInt(offset + 4);
                regions.add(new Region("BTF header", offset, Math.min(hdr, size), hdr,
                        new int[] {0, 2, 3, 4, 8, 12, 16, 20}, new int[] {2, 1, 1, 4, 4, 4, 4, 4}, "aaasssss"));
                int typeOff = offset + hdr + b.getInt(offset + 8), typeLen = b.getInt(offset + 12);
                regions.add(new Region("BTF types", typeOff, typeLen, 4, new int[] {0}, new int[] {4}));
                int strOff = offset + hdr + b.getInt(offset + 16), strLen = b.getInt(offset + 20);
                regions.add(new Region("BTF strings", strOff, strLen, 1, new int[] {0}, new int[] {1}));
            } else if (name.equals(".BTF.ext")) {
                int hdr = b.getInt(offset + 4);
                regions.add(new Region("BTF.ext header", offset, Math.min(hdr, size), hdr,
                        new int[] {0, 2, 3, 4, 8, 12, 16, 20, 24, 28}, new int[] {2, 1, 1, 4, 4, 4, 4, 4, 4, 4}, "aaasssssss"));
                regions.add(new Region("BTF.ext records", offset + hdr, size - hdr, 4, new int[] {0}, new int[] {4}));
            } else if ((b.getLong(h + 8) & 4) != 0) { // SHF_EXECINSTR
                regions.add(new Region("instruction in " + name, offset, size, 8, new int[] {0, 1, 2, 4}, new int[] {1, 1, 2, 4}));
            } else {
                regions.add(new Region("data of " + name, offset, size, 4, new int[] {0}, new int[] {4}));
            }
        }
        regions.removeIf(r -> r.length() <= 0 || r.start() < 0 || r.start() + r.length() > original.length);
    }

    /** A copy of the object with one to three fields changed. */
    Mutation mutate(Random random) {
        byte[] bytes = original.clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder where = new StringBuilder();
        int count = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        for (int i = 0; i < count; i++) {
            Region r = regions.get(random.nextInt(regions.size()));
            int entries = Math.max(1, r.length() / r.stride());
            int entry = random.nextInt(entries);
            int field = random.nextInt(r.fieldOffsets().length);
            int at = r.start() + entry * r.stride() + r.fieldOffsets()[field];
            int width = r.fieldWidths()[field];
            if (r.stride() <= 4 && r.length() > 4) at = r.start() + random.nextInt(r.length() - width + 1);
            if (at + width > bytes.length) continue;
            long old = read(b, at, width);
            long value = switch (r.kinds().charAt(field)) {
                case 't' -> SECTION_TYPES[random.nextInt(SECTION_TYPES.length)];
                case 'i' -> random.nextInt(3) == 0 ? value(random, old, width) : random.nextInt(40);
                case 's' -> random.nextBoolean() ? old - 8 * (1 + random.nextInt(4)) : value(random, old, width);
                default -> value(random, old, width);
            };
            write(b, at, width, value);
            if (where.length() > 0) where.append("; ");
            where.append(r.name()).append(" #").append(entry).append(" @").append(at).append(" (").append(width)
                    .append(" bytes) ").append(Long.toHexString(old)).append(" -> ").append(Long.toHexString(value));
        }
        return new Mutation(bytes, where.toString());
    }

    private long value(Random random, long old, int width) {
        return switch (random.nextInt(16)) {
            case 12 -> 0x7fffffffL;
            case 13 -> 0xffffffffL;
            case 14 -> old / 2;
            case 15 -> random.nextInt(20);
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> old + 1;
            case 4 -> old - 1;
            case 5 -> 1L << (width * 8 - 1);
            case 6 -> (1L << (width * 8 - 1)) - 1;
            case 7 -> original.length;
            case 8 -> old ^ (1L << random.nextInt(width * 8));
            case 9 -> random.nextInt(64);
            case 10 -> old * 2 + 8;
            default -> random.nextLong();
        };
    }

    private static long read(ByteBuffer b, int at, int width) {
        return switch (width) {
            case 1 -> Byte.toUnsignedLong(b.get(at));
            case 2 -> Short.toUnsignedLong(b.getShort(at));
            case 4 -> Integer.toUnsignedLong(b.getInt(at));
            default -> b.getLong(at);
        };
    }

    private static void write(ByteBuffer b, int at, int width, long v) {
        switch (width) {
            case 1 -> b.put(at, (byte) v);
            case 2 -> b.putShort(at, (short) v);
            case 4 -> b.putInt(at, (int) v);
            default -> b.putLong(at, v);
        }
    }

    private static String cString(byte[] bytes, int at) {
        int end = at;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, at, end - at, StandardCharsets.US_ASCII);
    }
}
