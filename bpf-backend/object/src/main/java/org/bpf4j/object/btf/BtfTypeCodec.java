package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk layout of one type: {@code struct btf_type} (name_off, info, size/type) followed
 * by the kind's trailing data. Each kind's reader and writer live side by side so they cannot
 * drift.
 */
final class BtfTypeCodec {
    private static final int INFO_RESERVED_BITS = ~0x9f00ffff;

    private BtfTypeCodec() {
    }

    /** Reads the type with id {@code id} at the cursor. */
    static BtfType read(ByteCursor in, BtfStringTable strings, int id) {
        Header h = readHeader(in, strings, id);
        String name = h.name();
        int sizeOrType = h.sizeOrType();
        switch (h.kind()) {
            case INT: return readInt(in, h);
            case PTR: return new BtfType.Ptr(sizeOrType);
            case ARRAY: return readArray(in, h);
            case STRUCT: case UNION: return readComposite(in, strings, h);
            case ENUM: return readEnum(in, strings, h);
            case ENUM64: return readEnum64(in, strings, h);
            case FWD:
                requireZero(sizeOrType, h.start(), h.where());
                return new BtfType.Fwd(name, h.kindFlag());
            case TYPEDEF: return new BtfType.Typedef(name, sizeOrType);
            case VOLATILE: return new BtfType.Volatile(sizeOrType);
            case CONST: return new BtfType.Const(sizeOrType);
            case RESTRICT: return new BtfType.Restrict(sizeOrType);
            case FUNC: return readFunc(h);
            case FUNC_PROTO: return readFuncProto(in, strings, h);
            case VAR: return readVar(in, h);
            case DATASEC: return readDatasec(in, h);
            case FLOAT: return new BtfType.Float(name, sizeOrType);
            case DECL_TAG: return readDeclTag(in, h);
            case TYPE_TAG: return new BtfType.TypeTag(name, sizeOrType, h.kindFlag());
            default: throw new AssertionError(h.kind());
        }
    }

    /** {@code struct btf_type}, checked against what its kind allows. */
    private static Header readHeader(ByteCursor in, BtfStringTable strings, int id) {
        int start = in.position();
        long nameOff = in.u32("type name offset");
        int info = in.i32("type info");
        int sizeOrType = in.i32("type size/type");
        if ((info & INFO_RESERVED_BITS) != 0) {
            throw BtfFormatException.at(start, String.format("type #%d: reserved bits set in info 0x%08x", id, info));
        }
        int kindCode = info >>> 24 & 0x1f;
        BtfKind kind = BtfKind.ofCode(kindCode);
        if (kind == null) {
            throw BtfFormatException.at(start, "type #" + id + ": unknown kind " + kindCode);
        }
        int vlen = info & 0xffff;
        boolean kindFlag = info < 0;
        String where = "type #" + id + " (" + kind + ")";
        if (!kind.usesVlen() && vlen != 0) {
            throw BtfFormatException.at(start, where + ": vlen must be 0 but is " + vlen);
        }
        if (!kind.usesKindFlag() && kindFlag) {
            throw BtfFormatException.at(start, where + ": kind_flag must be 0");
        }
        if (!kind.named() && nameOff != 0) {
            throw BtfFormatException.at(start, where + ": must be anonymous but has name offset " + nameOff);
        }
        String name = nameOff == 0 ? "" : strings.get(nameOff, start, where + ": name offset");
        return new Header(start, where, kind, name, sizeOrType, vlen, kindFlag);
    }

    /** Writes {@code t}, adding its strings to {@code strings}. */
    static void write(BtfType t, LeOutput out, StringTableBuilder strings) {
        int name = t.name().isEmpty() ? 0 : strings.add(t.name());
        switch (t.kind()) {
            case INT: writeInt((BtfType.Int) t, out, name); break;
            case PTR: header(out, 0, t.kind(), 0, false, ((BtfType.Ptr) t).type()); break;
            case ARRAY: writeArray((BtfType.Array) t, out); break;
            case STRUCT: case UNION: writeComposite((BtfType.Composite) t, out, strings, name); break;
            case ENUM: writeEnum((BtfType.Enum) t, out, strings, name); break;
            case ENUM64: writeEnum64((BtfType.Enum64) t, out, strings, name); break;
            case FWD: header(out, name, t.kind(), 0, ((BtfType.Fwd) t).union(), 0); break;
            case TYPEDEF: header(out, name, t.kind(), 0, false, ((BtfType.Typedef) t).type()); break;
            case VOLATILE: header(out, 0, t.kind(), 0, false, ((BtfType.Volatile) t).type()); break;
            case CONST: header(out, 0, t.kind(), 0, false, ((BtfType.Const) t).type()); break;
            case RESTRICT: header(out, 0, t.kind(), 0, false, ((BtfType.Restrict) t).type()); break;
            case FUNC: writeFunc((BtfType.Func) t, out, name); break;
            case FUNC_PROTO: writeFuncProto((BtfType.FuncProto) t, out, strings); break;
            case VAR: writeVar((BtfType.Var) t, out, name); break;
            case DATASEC: writeDatasec((BtfType.Datasec) t, out, name); break;
            case FLOAT: header(out, name, t.kind(), 0, false, ((BtfType.Float) t).size()); break;
            case DECL_TAG: writeDeclTag((BtfType.DeclTag) t, out, name); break;
            case TYPE_TAG: header(out, name, t.kind(), 0, ((BtfType.TypeTag) t).attribute(), ((BtfType.TypeTag) t).type()); break;
            default: throw new AssertionError(t.kind());
        }
    }

    /** The common part of a type as read: where it starts, how errors name it, and its header fields. */
    private record Header(int start, String where, BtfKind kind, String name, int sizeOrType, int vlen, boolean kindFlag) {}

    // ---- INT: one u32 of encoding, bit offset and bit count

    private static BtfType readInt(ByteCursor in, Header h) {
        int data = in.i32(h.where() + " int data");
        if ((data & 0xf000ff00) != 0) {
            throw BtfFormatException.at(h.start() + 12L, String.format("%s: reserved bits set in int data 0x%08x", h.where(), data));
        }
        int encoding = data >>> 24;
        if (encoding != 0 && encoding != BtfType.Int.SIGNED && encoding != BtfType.Int.CHAR
                && encoding != BtfType.Int.BOOL) {
            throw BtfFormatException.at(h.start() + 12L, h.where() + ": int encoding " + encoding
                    + " is not one of 0, SIGNED (1), CHAR (2), BOOL (4)");
        }
        return new BtfType.Int(h.name(), h.sizeOrType(), encoding, data >>> 16 & 0xff, data & 0xff);
    }

    private static void writeInt(BtfType.Int i, LeOutput out, int name) {
        header(out, name, i.kind(), 0, false, i.size());
        out.i32(i.encoding() << 24 | i.bitOffset() << 16 | i.bits());
    }

    // ---- ARRAY: element type, index type, length

    private static BtfType readArray(ByteCursor in, Header h) {
        requireZero(h.sizeOrType(), h.start(), h.where());
        int elem = in.i32(h.where() + " element type");
        int index = in.i32(h.where() + " index type");
        int length = in.i32(h.where() + " length");
        return new BtfType.Array(elem, index, length);
    }

    private static void writeArray(BtfType.Array a, LeOutput out) {
        header(out, 0, a.kind(), 0, false, 0);
        out.i32(a.elementType());
        out.i32(a.indexType());
        out.i32(a.length());
    }

    // ---- STRUCT, UNION: vlen members (name, type, offset; with kind_flag the offset holds a bitfield size)

    private static BtfType readComposite(ByteCursor in, BtfStringTable strings, Header h) {
        in.require(h.vlen() * 12L, h.where() + " members");
        List<BtfType.Member> members = new ArrayList<>(h.vlen());
        for (int i = 0; i < h.vlen(); i++) {
            String memberName = string(in, strings, h.where() + " member " + i);
            int type = in.i32("member type");
            int offset = in.i32("member offset");
            members.add(h.kindFlag()
                    ? new BtfType.Member(memberName, type, offset & 0xffffff, offset >>> 24)
                    : new BtfType.Member(memberName, type, offset, 0));
        }
        return h.kind() == BtfKind.STRUCT
                ? new BtfType.Struct(h.name(), h.sizeOrType(), members, h.kindFlag())
                : new BtfType.Union(h.name(), h.sizeOrType(), members, h.kindFlag());
    }

    private static void writeComposite(BtfType.Composite c, LeOutput out, StringTableBuilder strings, int name) {
        header(out, name, c.kind(), vlen(c.members().size(), c), c.bitfieldOffsets(), c.size());
        for (BtfType.Member m : c.members()) {
            out.i32(strings.add(m.name()));
            out.i32(m.type());
            out.i32(c.bitfieldOffsets() ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset());
        }
    }

    // ---- ENUM: vlen (name, 32-bit value)

    private static BtfType readEnum(ByteCursor in, BtfStringTable strings, Header h) {
        in.require(h.vlen() * 8L, h.where() + " values");
        List<BtfType.EnumValue> values = new ArrayList<>(h.vlen());
        for (int i = 0; i < h.vlen(); i++) {
            values.add(new BtfType.EnumValue(string(in, strings, h.where() + " value " + i), in.i32("enum value")));
        }
        return new BtfType.Enum(h.name(), h.sizeOrType(), h.kindFlag(), values);
    }

    private static void writeEnum(BtfType.Enum e, LeOutput out, StringTableBuilder strings, int name) {
        header(out, name, e.kind(), vlen(e.values().size(), e), e.signed(), e.size());
        for (BtfType.EnumValue v : e.values()) {
            out.i32(strings.add(v.name()));
            out.i32(v.value());
        }
    }

    // ---- ENUM64: vlen (name, low 32 bits, high 32 bits)

    private static BtfType readEnum64(ByteCursor in, BtfStringTable strings, Header h) {
        in.require(h.vlen() * 12L, h.where() + " values");
        List<BtfType.Enum64Value> values = new ArrayList<>(h.vlen());
        for (int i = 0; i < h.vlen(); i++) {
            String valueName = string(in, strings, h.where() + " value " + i);
            long lo = in.u32("enum64 low bits");
            long hi = in.u32("enum64 high bits");
            values.add(new BtfType.Enum64Value(valueName, hi << 32 | lo));
        }
        return new BtfType.Enum64(h.name(), h.sizeOrType(), h.kindFlag(), values);
    }

    private static void writeEnum64(BtfType.Enum64 e, LeOutput out, StringTableBuilder strings, int name) {
        header(out, name, e.kind(), vlen(e.values().size(), e), e.signed(), e.size());
        for (BtfType.Enum64Value v : e.values()) {
            out.i32(strings.add(v.name()));
            out.i32((int) v.value());
            out.i32((int) (v.value() >>> 32));
        }
    }

    // ---- FUNC: no trailing data, the linkage sits in vlen

    private static BtfType readFunc(Header h) {
        Linkage linkage = Linkage.ofCode(h.vlen());
        if (linkage == null) {
            throw BtfFormatException.at(h.start(), h.where() + ": unknown linkage " + h.vlen());
        }
        return new BtfType.Func(h.name(), h.sizeOrType(), linkage);
    }

    private static void writeFunc(BtfType.Func f, LeOutput out, int name) {
        header(out, name, f.kind(), f.linkage().code(), false, f.proto());
    }

    // ---- FUNC_PROTO: vlen (name, type) parameters

    private static BtfType readFuncProto(ByteCursor in, BtfStringTable strings, Header h) {
        in.require(h.vlen() * 8L, h.where() + " parameters");
        List<BtfType.Param> params = new ArrayList<>(h.vlen());
        for (int i = 0; i < h.vlen(); i++) {
            params.add(new BtfType.Param(string(in, strings, h.where() + " parameter " + i), in.i32("param type")));
        }
        return new BtfType.FuncProto(h.sizeOrType(), params);
    }

    private static void writeFuncProto(BtfType.FuncProto p, LeOutput out, StringTableBuilder strings) {
        header(out, 0, p.kind(), vlen(p.params().size(), p), false, p.returnType());
        for (BtfType.Param param : p.params()) {
            out.i32(strings.add(param.name()));
            out.i32(param.type());
        }
    }

    // ---- VAR: one u32 of linkage

    private static BtfType readVar(ByteCursor in, Header h) {
        long code = in.u32(h.where() + " linkage");
        Linkage linkage = Linkage.ofCode(code);
        if (linkage == null) {
            throw BtfFormatException.at(in.position() - 4L, h.where() + ": unknown linkage " + code);
        }
        return new BtfType.Var(h.name(), h.sizeOrType(), linkage);
    }

    private static void writeVar(BtfType.Var v, LeOutput out, int name) {
        header(out, name, v.kind(), 0, false, v.type());
        out.i32(v.linkage().code());
    }

    // ---- DATASEC: vlen (type, offset, size) variables

    private static BtfType readDatasec(ByteCursor in, Header h) {
        in.require(h.vlen() * 12L, h.where() + " variables");
        List<BtfType.VarSecInfo> vars = new ArrayList<>(h.vlen());
        for (int i = 0; i < h.vlen(); i++) {
            vars.add(new BtfType.VarSecInfo(in.i32("var type"), in.i32("var offset"), in.i32("var size")));
        }
        return new BtfType.Datasec(h.name(), h.sizeOrType(), vars);
    }

    private static void writeDatasec(BtfType.Datasec d, LeOutput out, int name) {
        header(out, name, d.kind(), vlen(d.vars().size(), d), false, d.size());
        for (BtfType.VarSecInfo v : d.vars()) {
            out.i32(v.type());
            out.i32(v.offset());
            out.i32(v.size());
        }
    }

    // ---- DECL_TAG: one u32 of component index

    private static BtfType readDeclTag(ByteCursor in, Header h) {
        return new BtfType.DeclTag(h.name(), h.sizeOrType(), in.i32(h.where() + " component index"), h.kindFlag());
    }

    private static void writeDeclTag(BtfType.DeclTag d, LeOutput out, int name) {
        header(out, name, d.kind(), 0, d.attribute(), d.type());
        out.i32(d.componentIndex());
    }

    private static void requireZero(int sizeOrType, int start, String where) {
        if (sizeOrType != 0) {
            throw BtfFormatException.at(start + 8L, where + ": size/type field must be 0 but is " + sizeOrType);
        }
    }

    private static String string(ByteCursor in, BtfStringTable strings, String what) {
        int at = in.position();
        long off = in.u32(what + " name offset");
        return off == 0 ? "" : strings.get(off, at, what + ": name offset");
    }

    private static int vlen(int count, BtfType t) {
        if (count > 0xffff) {
            throw new IllegalArgumentException(t.kind() + " '" + t.name() + "' has " + count
                    + " entries; BTF allows at most 65535");
        }
        return count;
    }

    private static void header(LeOutput out, int nameOff, BtfKind kind, int vlen, boolean kindFlag, int sizeOrType) {
        out.i32(nameOff);
        out.i32((kindFlag ? 1 << 31 : 0) | kind.code() << 24 | vlen);
        out.i32(sizeOrType);
    }
}
