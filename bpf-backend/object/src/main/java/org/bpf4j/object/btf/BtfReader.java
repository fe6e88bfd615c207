package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes a {@code .BTF} blob: {@code struct btf_header}, then the type and string sections. */
final class BtfReader {
    private BtfReader() {
    }

    static Btf read(byte[] data) {
        ByteCursor header = new ByteCursor(data, 0, data.length, "BTF header");
        int magic = header.u16("magic");
        if (magic == 0x9feb) {
            throw BtfFormatException.at(0, "big-endian BTF is not supported");
        }
        if (magic != Btf.MAGIC) {
            throw BtfFormatException.at(0, String.format("bad BTF magic 0x%04x (expected 0x%04x)", magic, Btf.MAGIC));
        }
        int version = header.u8("version");
        if (version != Btf.VERSION) {
            throw BtfFormatException.at(2, "unsupported BTF version " + version + " (expected " + Btf.VERSION + ")");
        }
        header.u8("flags");
        long headerLength = header.u32("header length");
        if (headerLength < Btf.HEADER_LENGTH) {
            throw BtfFormatException.at(4, "BTF header length " + headerLength + " is less than " + Btf.HEADER_LENGTH);
        }
        if (headerLength > data.length) {
            throw BtfFormatException.at(4, "BTF header length " + headerLength + " exceeds the "
                    + data.length + "-byte blob");
        }
        long typeOff = header.u32("type section offset");
        long typeLen = header.u32("type section length");
        long strOff = header.u32("string section offset");
        long strLen = header.u32("string section length");
        long body = data.length - headerLength;
        checkSection("type", typeOff, typeLen, body, 8);
        checkSection("string", strOff, strLen, body, 16);
        if ((typeOff & 3) != 0) {
            throw BtfFormatException.at(8, "BTF type section offset " + typeOff + " is not 4-byte aligned");
        }
        int typeStart = (int) (headerLength + typeOff);
        int strStart = (int) (headerLength + strOff);
        if (typeLen > 0 && strLen > 0 && typeStart < strStart + strLen && strStart < typeStart + typeLen) {
            throw BtfFormatException.at(8, "BTF type and string sections overlap");
        }
        if (strLen == 0) {
            throw BtfFormatException.at(20, "BTF string section is empty");
        }
        BtfStringTable strings = BtfStringTable.read(data, strStart, (int) strLen);

        ByteCursor in = new ByteCursor(data, typeStart, (int) (typeStart + typeLen), "BTF type section");
        List<BtfType> types = new ArrayList<>();
        int[] offsets = new int[64];
        while (in.hasRemaining()) {
            if (types.size() == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[types.size()] = in.position();
            types.add(BtfTypeCodec.read(in, strings, types.size() + 1));
        }
        int[] typeOffsets = offsets;
        TypeGraphChecks.check(types, (id, t, problem) -> BtfFormatException.at(typeOffsets[id - 1],
                "type #" + id + " (" + t.kind() + " '" + t.name() + "') " + problem));
        return new Btf(types, strings);
    }

    private static void checkSection(String name, long off, long len, long body, int headerField) {
        if (off > body || len > body - off) {
            throw BtfFormatException.at(headerField, "BTF " + name + " section [" + off + ", " + (off + len)
                    + ") extends beyond the " + body + " bytes after the header");
        }
    }
}
