package org.bpf4j.object.btf;

/** Encodes a {@link Btf} as header, type section, string section (the layout clang and pahole use). */
final class BtfWriter {
    private BtfWriter() {
    }

    static byte[] write(Btf btf) {
        StringTableBuilder strings = new StringTableBuilder(btf.strings());
        LeOutput types = new LeOutput(btf.maxId() * 16);
        for (BtfType t : btf.types()) {
            BtfTypeCodec.write(t, types, strings);
        }
        byte[] stringBytes = strings.build().bytes();
        LeOutput out = new LeOutput(Btf.HEADER_LENGTH + types.size() + stringBytes.length);
        out.u16(Btf.MAGIC);
        out.u8(Btf.VERSION);
        out.u8(0);
        out.i32(Btf.HEADER_LENGTH);
        out.i32(0);
        out.i32(types.size());
        out.i32(types.size());
        out.i32(stringBytes.length);
        out.bytes(types.toByteArray());
        out.bytes(stringBytes);
        return out.toByteArray();
    }
}
