package org.bpf4j.object.btf;

import java.util.List;
import java.util.Objects;

/**
 * The content of a {@code .BTF.ext} section: per ELF program section, the function info, line
 * info and CO-RE relocation records. Instruction offsets are in bytes from the start of the
 * section, as in ELF objects (the loader divides by 8 for the kernel). Section names, file names
 * and source lines are strings of the companion {@code .BTF}'s string table, so encoding needs
 * that table: add the strings with {@link #addStringsTo(BtfBuilder)} before building the BTF.
 */
public record BtfExt(List<Section<FuncInfo>> funcInfo, List<Section<LineInfo>> lineInfo,
        List<Section<CoreRelo>> coreRelos) {

    public BtfExt {
        funcInfo = List.copyOf(funcInfo);
        lineInfo = List.copyOf(lineInfo);
        coreRelos = List.copyOf(coreRelos);
    }

    /** The records of one ELF section, e.g. {@code "xdp"} or {@code "tracepoint/sched/sched_switch"}. */
    public record Section<T>(String name, List<T> records) {
        public Section {
            Objects.requireNonNull(name, "name");
            records = List.copyOf(records);
        }
    }

    /** {@code struct bpf_func_info}: the function starting at {@code insnOffset} has FUNC type {@code typeId}. */
    public record FuncInfo(int insnOffset, int typeId) {
    }

    /**
     * {@code struct bpf_line_info}: the instruction at {@code insnOffset} comes from {@code line}
     * and {@code column} of {@code fileName}, whose text is {@code lineText} (what the verifier log
     * quotes).
     */
    public record LineInfo(int insnOffset, String fileName, String lineText, int line, int column) {
        static final int MAX_LINE = (1 << 22) - 1;
        static final int MAX_COLUMN = (1 << 10) - 1;

        public LineInfo {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(lineText, "lineText");
            if (line < 0 || line > MAX_LINE) {
                throw new IllegalArgumentException("line " + line + " outside 0.." + MAX_LINE);
            }
            if (column < 0 || column > MAX_COLUMN) {
                throw new IllegalArgumentException("column " + column + " outside 0.." + MAX_COLUMN);
            }
        }

        /** {@code line_col} as the kernel packs it: line in the upper 22 bits, column in the lower 10. */
        int lineCol() {
            return line << 10 | column;
        }
    }

    /**
     * {@code struct bpf_core_relo}: the instruction at {@code insnOffset} needs {@code kind} of the
     * field or type {@code accessString} (e.g. {@code "0:1:0"}) names, starting from local type
     * {@code typeId}.
     */
    public record CoreRelo(int insnOffset, int typeId, String accessString, CoreReloKind kind) {
        public CoreRelo {
            Objects.requireNonNull(accessString, "accessString");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Parses a {@code .BTF.ext} blob whose strings live in {@code btf}. */
    public static BtfExt parse(byte[] data, Btf btf) {
        return BtfExtCodec.read(data, btf.strings());
    }

    /** Encodes with string offsets from {@code btf}, which must contain every string used. */
    public byte[] encode(Btf btf) {
        return BtfExtCodec.write(this, btf.strings());
    }

    /** Adds every section name, file name, line text and access string to {@code builder}'s string table. */
    public void addStringsTo(BtfBuilder builder) {
        funcInfo.forEach(s -> builder.addString(s.name()));
        for (Section<LineInfo> s : lineInfo) {
            builder.addString(s.name());
            for (LineInfo l : s.records()) {
                builder.addString(l.fileName());
                builder.addString(l.lineText());
            }
        }
        for (Section<CoreRelo> s : coreRelos) {
            builder.addString(s.name());
            s.records().forEach(r -> builder.addString(r.accessString()));
        }
    }
}
