package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * The on-disk layout of one type: {@code struct btf_type} (name_off, info, size/type) followed
 * by the kind's trailing data. Reading and writing live side by side so they cannot drift.
 */
final class BtfTypeCodec {
    private static final int INFO_RESERVED_BITS = ~0x9f00ffff;

    private BtfTypeCodec() {
    }

    /** Reads the type with id {@code id} at the cursor. */
    static BtfType read(ByteCursor in, BtfStringTable strings, int id) {
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
        switch (kind) {
            case INT: {
                int data = in.i32(where + " int data");
                if ((data & 0xf000ff00) != 0) {
                    throw BtfFormatException.at(start + 12L, String.format("%s: reserved bits set in int data 0x%08x", where, data));
                }
                int encoding = data >>> 24;
                if (encoding != 0 && encoding != BtfType.Int.SIGNED && encoding != BtfType.Int.CHAR
                        && encoding != BtfType.Int.BOOL) {
                    throw BtfFormatException.at(start + 12L, where + ": int encoding " + encoding
                            + " is not one of 0, SIGNED (1), CHAR (2), BOOL (4)");
                }
                return new BtfType.Int(name, sizeOrType, encoding, data >>> 16 & 0xff, data & 0xff);
            }
            case PTR:
                return new BtfType.Ptr(sizeOrType);
            case ARRAY: {
                requireZero(sizeOrType, start, where);
                int elem = in.i32(where + " element type");
                int index = in.i32(where + " index type");
                int length = in.i32(where + " length");
                return new BtfType.Array(elem, index, length);
            }
            case STRUCT:
            case UNION: {
                in.require(vlen * 12L, where + " members");
                List<BtfType.Member> members = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String memberName = string(in, strings, where + " member " + i);
                    int type = in.i32("member type");
                    int offset = in.i32("member offset");
                    members.add(kindFlag
                            ? new BtfType.Member(memberName, type, offset & 0xffffff, offset >>> 24)
                            : new BtfType.Member(memberName, type, offset, 0));
                }
                return kind == BtfKind.STRUCT
                        ? new BtfType.Struct(name, sizeOrType, members, kindFlag)
                        : new BtfType.Union(name, sizeOrType, members, kindFlag);
            }
            case ENUM: {
                in.require(vlen * 8L, where + " values");
                List<BtfType.EnumValue> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    values.add(new BtfType.EnumValue(string(in, strings, where + " value " + i), in.i32("enum value")));
                }
                return new BtfType.Enum(name, sizeOrType, kindFlag, values);
            }
            case ENUM64: {
                in.require(vlen * 12L, where + " values");
                List<BtfType.Enum64Value> values = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    String valueName = string(in, strings, where + " value " + i);
                    long lo = in.u32("enum64 low bits");
                    long hi = in.u32("enum64 high bits");
                    values.add(new BtfType.Enum64Value(valueName, hi << 32 | lo));
                }
                return new BtfType.Enum64(name, sizeOrType, kindFlag, values);
            }
            case FWD:
                requireZero(sizeOrType, start, where);
                return new BtfType.Fwd(name, kindFlag);
            case TYPEDEF:
                return new BtfType.Typedef(name, sizeOrType);
            case VOLATILE:
                return new BtfType.Volatile(sizeOrType);
            case CONST:
                return new BtfType.Const(sizeOrType);
            case RESTRICT:
                return new BtfType.Restrict(sizeOrType);
            case FUNC: {
                Linkage linkage = Linkage.ofCode(vlen);
                if (linkage == null) {
                    throw BtfFormatException.at(start, where + ": unknown linkage " + vlen);
                }
                return new BtfType.Func(name, sizeOrType, linkage);
            }
            case FUNC_PROTO: {
                in.require(vlen * 8L, where + " parameters");
                List<BtfType.Param> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    params.add(new BtfType.Param(string(in, strings, where + " parameter " + i), in.i32("param type")));
                }
                return new BtfType.FuncProto(sizeOrType, params);
            }
            case VAR: {
                long code = in.u32(where + " linkage");
                Linkage linkage = Linkage.ofCode(code);
                if (linkage == null) {
                    throw BtfFormatException.at(in.position() - 4L, where + ": unknown linkage " + code);
                }
                return new BtfType.Var(name, sizeOrType, linkage);
            }
            case DATASEC: {
                in.require(vlen * 12L, where + " variables");
                List<BtfType.VarSecInfo> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    vars.add(new BtfType.VarSecInfo(in.i32("var type"), in.i32("var offset"), in.i32("var size")));
                }
                return new BtfType.Datasec(name, sizeOrType, vars);
            }
            case FLOAT:
                return new BtfType.Float(name, sizeOrType);
            case DECL_TAG:
                return new BtfType.DeclTag(name, sizeOrType, in.i32(where + " component index"), kindFlag);
            case TYPE_TAG:
                return new BtfType.TypeTag(name, sizeOrType, kindFlag);
            default:
                throw new AssertionError(kind);
        }
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

    /** Writes {@code t}, adding its strings to {@code strings}. */
    static void write(BtfType t, LeOutput out, StringTableBuilder strings) {
        int name = t.name().isEmpty() ? 0 : strings.add(t.name());
        switch (t.kind()) {
            case INT: {
                BtfType.Int i = (BtfType.Int) t;
                header(out, name, t.kind(), 0, false, i.size());
                out.i32(i.encoding() << 24 | i.bitOffset() << 16 | i.bits());
                break;
            }
            case PTR:
                header(out, 0, t.kind(), 0, false, ((BtfType.Ptr) t).type());
                break;
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                header(out, 0, t.kind(), 0, false, 0);
                out.i32(a.elementType());
                out.i32(a.indexType());
                out.i32(a.length());
                break;
            }
            case STRUCT:
            case UNION: {
                BtfType.Composite c = (BtfType.Composite) t;
                header(out, name, t.kind(), vlen(c.members().size(), t), c.bitfieldOffsets(), c.size());
                for (BtfType.Member m : c.members()) {
                    out.i32(strings.add(m.name()));
                    out.i32(m.type());
                    out.i32(c.bitfieldOffsets() ? m.bitfieldSize() << 24 | m.bitOffset() : m.bitOffset());
                }
                break;
            }
            case ENUM: {
                BtfType.Enum e = (BtfType.Enum) t;
                header(out, name, t.kind(), vlen(e.values().size(), t), e.signed(), e.size());
                for (BtfType.EnumValue v : e.values()) {
                    out.i32(strings.add(v.name()));
                    out.i32(v.value());
                }
                break;
            }
            case ENUM64: {
                BtfType.Enum64 e = (BtfType.Enum64) t;
                header(out, name, t.kind(), vlen(e.values().size(), t), e.signed(), e.size());
                for (BtfType.Enum64Value v : e.values()) {
                    out.i32(strings.add(v.name()));
                    out.i32((int) v.value());
                    out.i32((int) (v.value() >>> 32));
                }
                break;
            }
            case FWD:
                header(out, name, t.kind(), 0, ((BtfType.Fwd) t).union(), 0);
                break;
            case TYPEDEF:
                header(out, name, t.kind(), 0, false, ((BtfType.Typedef) t).type());
                break;
            case VOLATILE:
                header(out, 0, t.kind(), 0, false, ((BtfType.Volatile) t).type());
                break;
            case CONST:
                header(out, 0, t.kind(), 0, false, ((BtfType.Const) t).type());
                break;
            case RESTRICT:
                header(out, 0, t.kind(), 0, false, ((BtfType.Restrict) t).type());
                break;
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                header(out, name, t.kind(), f.linkage().code(), false, f.proto());
                break;
            }
            case FUNC_PROTO: {
                BtfType.FuncProto p = (BtfType.FuncProto) t;
                header(out, 0, t.kind(), vlen(p.params().size(), t), false, p.returnType());
                for (BtfType.Param param : p.params()) {
                    out.i32(strings.add(param.name()));
                    out.i32(param.type());
                }
                break;
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                header(out, name, t.kind(), 0, false, v.type());
                out.i32(v.linkage().code());
                break;
            }
            case DATASEC: {
                BtfType.Datasec d = (BtfType.Datasec) t;
                header(out, name, t.kind(), vlen(d.vars().size(), t), false, d.size());
                for (BtfType.VarSecInfo v : d.vars()) {
                    out.i32(v.type());
                    out.i32(v.offset());
                    out.i32(v.size());
                }
                break;
            }
            case FLOAT:
                header(out, name, t.kind(), 0, false, ((BtfType.Float) t).size());
                break;
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                header(out, name, t.kind(), 0, d.attribute(), d.type());
                out.i32(d.componentIndex());
                break;
            }
            case TYPE_TAG: {
                BtfType.TypeTag tt = (BtfType.TypeTag) t;
                header(out, name, t.kind(), 0, tt.attribute(), tt.type());
                break;
            }
            default:
                throw new AssertionError(t.kind());
        }
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
