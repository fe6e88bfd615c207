package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk layout of {@code .BTF.ext}: {@code struct btf_ext_header}, then three blocks
 * (func_info, line_info, core_relo), each a record size followed by per-section groups
 * {@code (sec_name_off, num_info, records...)}.
 */
final class BtfExtCodec {
    private static final int MAGIC = 0xeb9f;
    private static final int VERSION = 1;
    /** Header without the core_relo fields (older objects). */
    private static final int MIN_HEADER_LENGTH = 24;
    private static final int HEADER_LENGTH = 32;

    private BtfExtCodec() {
    }

    /** Reads and writes one record kind. */
    private interface RecordFormat<T> {
        String name();

        int size();

        T read(ByteCursor in, BtfStringTable strings);

        void write(T record, LeOutput out, StringLookup strings);
    }

    /** Offsets of strings that must already be in the table. */
    @FunctionalInterface
    private interface StringLookup {
        int offsetOf(String s);
    }

    private static final RecordFormat<BtfExt.FuncInfo> FUNC_INFO = new RecordFormat<>() {
        public String name() {
            return "func_info";
        }

        public int size() {
            return 8;
        }

        public BtfExt.FuncInfo read(ByteCursor in, BtfStringTable strings) {
            return new BtfExt.FuncInfo(in.i32("func_info insn_off"), in.i32("func_info type_id"));
        }

        public void write(BtfExt.FuncInfo r, LeOutput out, StringLookup strings) {
            out.i32(r.insnOffset());
            out.i32(r.typeId());
        }
    };

    private static final RecordFormat<BtfExt.LineInfo> LINE_INFO = new RecordFormat<>() {
        public String name() {
            return "line_info";
        }

        public int size() {
            return 16;
        }

        public BtfExt.LineInfo read(ByteCursor in, BtfStringTable strings) {
            int insnOff = in.i32("line_info insn_off");
            String file = string(in, strings, "line_info file_name_off");
            String text = string(in, strings, "line_info line_off");
            int lineCol = in.i32("line_info line_col");
            return new BtfExt.LineInfo(insnOff, file, text, lineCol >>> 10, lineCol & BtfExt.LineInfo.MAX_COLUMN);
        }

        public void write(BtfExt.LineInfo r, LeOutput out, StringLookup strings) {
            out.i32(r.insnOffset());
            out.i32(strings.offsetOf(r.fileName()));
            out.i32(strings.offsetOf(r.lineText()));
            out.i32(r.lineCol());
        }
    };

    private static final RecordFormat<BtfExt.CoreRelo> CORE_RELO = new RecordFormat<>() {
        public String name() {
            return "core_relo";
        }

        public int size() {
            return 16;
        }

        public BtfExt.CoreRelo read(ByteCursor in, BtfStringTable strings) {
            int insnOff = in.i32("core_relo insn_off");
            int typeId = in.i32("core_relo type_id");
            String access = string(in, strings, "core_relo access_str_off");
            int at = in.position();
            long code = in.u32("core_relo kind");
            CoreReloKind kind = CoreReloKind.ofCode(code);
            if (kind == null) {
                throw BtfFormatException.at(at, "BTF.ext core_relo: unknown relocation kind " + code);
            }
            return new BtfExt.CoreRelo(insnOff, typeId, access, kind);
        }

        public void write(BtfExt.CoreRelo r, LeOutput out, StringLookup strings) {
            out.i32(r.insnOffset());
            out.i32(r.typeId());
            out.i32(strings.offsetOf(r.accessString()));
            out.i32(r.kind().code());
        }
    };

    static BtfExt read(byte[] data, BtfStringTable strings) {
        ByteCursor header = new ByteCursor(data, 0, data.length, "BTF.ext header");
        int magic = header.u16("magic");
        if (magic != MAGIC) {
            throw BtfFormatException.at(0, String.format("bad BTF.ext magic 0x%04x (expected 0x%04x)", magic, MAGIC));
        }
        int version = header.u8("version");
        if (version != VERSION) {
            throw BtfFormatException.at(2, "unsupported BTF.ext version " + version + " (expected " + VERSION + ")");
        }
        header.u8("flags");
        long headerLength = header.u32("header length");
        if (headerLength < MIN_HEADER_LENGTH) {
            throw BtfFormatException.at(4, "BTF.ext header length " + headerLength + " is less than "
                    + MIN_HEADER_LENGTH);
        }
        if (headerLength > data.length) {
            throw BtfFormatException.at(4, "BTF.ext header length " + headerLength + " exceeds the "
                    + data.length + "-byte blob");
        }
        int hdr = (int) headerLength;
        long funcOff = header.u32("func_info offset");
        long funcLen = header.u32("func_info length");
        long lineOff = header.u32("line_info offset");
        long lineLen = header.u32("line_info length");
        long reloOff = 0;
        long reloLen = 0;
        if (headerLength >= HEADER_LENGTH) {
            reloOff = header.u32("core_relo offset");
            reloLen = header.u32("core_relo length");
        }
        return new BtfExt(
                readBlock(data, hdr, funcOff, funcLen, FUNC_INFO, strings),
                readBlock(data, hdr, lineOff, lineLen, LINE_INFO, strings),
                readBlock(data, hdr, reloOff, reloLen, CORE_RELO, strings));
    }

    private static <T> List<BtfExt.Section<T>> readBlock(byte[] data, int headerLength, long off, long len,
            RecordFormat<T> format, BtfStringTable strings) {
        List<BtfExt.Section<T>> sections = new ArrayList<>();
        if (len == 0) {
            return sections;
        }
        long body = data.length - headerLength;
        if (off > body || len > body - off) {
            throw BtfFormatException.at(8, "BTF.ext " + format.name() + " block [" + off + ", " + (off + len)
                    + ") extends beyond the " + body + " bytes after the header");
        }
        int start = (int) (headerLength + off);
        ByteCursor in = new ByteCursor(data, start, (int) (start + len), "BTF.ext " + format.name());
        long recordSize = in.u32(format.name() + " record size");
        if (recordSize < format.size() || (recordSize & 3) != 0) {
            throw BtfFormatException.at(start, "BTF.ext " + format.name() + " record size " + recordSize
                    + " is invalid (at least " + format.size() + ", a multiple of 4)");
        }
        while (in.hasRemaining()) {
            String section = string(in, strings, format.name() + " section name");
            int countAt = in.position();
            long count = in.u32(format.name() + " record count");
            if (count == 0) {
                throw BtfFormatException.at(countAt, "BTF.ext " + format.name() + " section '" + section
                        + "' has no records");
            }
            in.require(count * recordSize, format.name() + " records of section '" + section + "'");
            List<T> records = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                int recordStart = in.position();
                records.add(format.read(in, strings));
                // Newer producers may append fields; skip what this reader does not know.
                skip(in, recordStart + (int) recordSize - in.position());
            }
            sections.add(new BtfExt.Section<>(section, records));
        }
        return sections;
    }

    private static void skip(ByteCursor in, int bytes) {
        for (int i = 0; i < bytes; i += 4) {
            in.i32("record padding");
        }
    }

    private static String string(ByteCursor in, BtfStringTable strings, String what) {
        int at = in.position();
        return strings.get(in.u32(what), at, "BTF.ext " + what);
    }

    static byte[] write(BtfExt ext, BtfStringTable strings) {
        StringLookup lookup = s -> strings.offsetOf(s).orElseThrow(() -> new IllegalArgumentException(
                "string '" + s + "' is not in the BTF string table; add it with BtfExt.addStringsTo(BtfBuilder)"));
        byte[] func = writeBlock(ext.funcInfo(), FUNC_INFO, lookup, true);
        byte[] line = writeBlock(ext.lineInfo(), LINE_INFO, lookup, true);
        byte[] relo = writeBlock(ext.coreRelos(), CORE_RELO, lookup, false);
        LeOutput out = new LeOutput(HEADER_LENGTH + func.length + line.length + relo.length);
        out.u16(MAGIC);
        out.u8(VERSION);
        out.u8(0);
        out.i32(HEADER_LENGTH);
        out.i32(0);
        out.i32(func.length);
        out.i32(func.length);
        out.i32(line.length);
        out.i32(func.length + line.length);
        out.i32(relo.length);
        out.bytes(func);
        out.bytes(line);
        out.bytes(relo);
        return out.toByteArray();
    }

    /**
     * One block. Like LLVM, func_info and line_info always carry their record size, while an
     * empty core_relo block is left out entirely.
     */
    private static <T> byte[] writeBlock(List<BtfExt.Section<T>> sections, RecordFormat<T> format,
            StringLookup strings, boolean writeWhenEmpty) {
        LeOutput out = new LeOutput(64);
        if (sections.isEmpty() && !writeWhenEmpty) {
            return out.toByteArray();
        }
        out.i32(format.size());
        for (BtfExt.Section<T> section : sections) {
            if (section.records().isEmpty()) {
                continue;
            }
            out.i32(strings.offsetOf(section.name()));
            out.i32(section.records().size());
            for (T record : section.records()) {
                format.write(record, out, strings);
            }
        }
        return out.toByteArray();
    }
}
