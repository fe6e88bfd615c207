package org.bpf4j.object.btf;

import java.util.Locale;

/**
 * Prints a {@link Btf} the way {@code bpftool btf dump ... format raw} does, so whole dumps can
 * be compared: bpftool decodes the bytes with libbpf, this prints what our reader decoded.
 */
final class BpftoolRawFormat {
    private BpftoolRawFormat() {
    }

    static String format(Btf btf) {
        StringBuilder out = new StringBuilder(btf.maxId() * 64);
        for (int id = 1; id <= btf.maxId(); id++) {
            BtfType t = btf.type(id);
            out.append('[').append(id).append("] ").append(t.kind()).append(" '").append(name(t.name())).append("' ");
            type(btf, t, out);
        }
        return out.toString();
    }

    private static void type(Btf btf, BtfType t, StringBuilder out) {
        switch (t.kind()) {
            case INT: {
                BtfType.Int i = (BtfType.Int) t;
                out.append(String.format("size=%d bits_offset=%d nr_bits=%d encoding=%s%n", i.size(), i.bitOffset(),
                        i.bits(), encoding(i.encoding())));
                break;
            }
            case PTR:
                typeId(((BtfType.Ptr) t).type(), out);
                break;
            case CONST:
                typeId(((BtfType.Const) t).type(), out);
                break;
            case VOLATILE:
                typeId(((BtfType.Volatile) t).type(), out);
                break;
            case RESTRICT:
                typeId(((BtfType.Restrict) t).type(), out);
                break;
            case TYPEDEF:
                typeId(((BtfType.Typedef) t).type(), out);
                break;
            case TYPE_TAG:
                typeId(((BtfType.TypeTag) t).type(), out);
                break;
            case ARRAY: {
                BtfType.Array a = (BtfType.Array) t;
                out.append("type_id=").append(a.elementType()).append(" index_type_id=").append(a.indexType())
                        .append(" nr_elems=").append(Integer.toUnsignedString(a.length())).append('\n');
                break;
            }
            case STRUCT:
            case UNION: {
                BtfType.Composite c = (BtfType.Composite) t;
                out.append("size=").append(c.size()).append(" vlen=").append(c.members().size()).append('\n');
                for (BtfType.Member m : c.members()) {
                    out.append("\t'").append(name(m.name())).append("' type_id=").append(m.type())
                            .append(" bits_offset=").append(Integer.toUnsignedString(m.bitOffset()));
                    if (m.bitfieldSize() != 0) {
                        out.append(" bitfield_size=").append(m.bitfieldSize());
                    }
                    out.append('\n');
                }
                break;
            }
            case ENUM: {
                BtfType.Enum e = (BtfType.Enum) t;
                out.append("encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=").append(e.size())
                        .append(" vlen=").append(e.values().size()).append('\n');
                for (BtfType.EnumValue v : e.values()) {
                    out.append("\t'").append(name(v.name())).append("' val=")
                            .append(e.signed() ? Integer.toString(v.value()) : Integer.toUnsignedString(v.value()))
                            .append('\n');
                }
                break;
            }
            case ENUM64: {
                BtfType.Enum64 e = (BtfType.Enum64) t;
                out.append("encoding=").append(e.signed() ? "SIGNED" : "UNSIGNED").append(" size=").append(e.size())
                        .append(" vlen=").append(e.values().size()).append('\n');
                for (BtfType.Enum64Value v : e.values()) {
                    out.append("\t'").append(name(v.name())).append("' val=")
                            .append(e.signed() ? v.value() + "LL" : Long.toUnsignedString(v.value()) + "ULL")
                            .append('\n');
                }
                break;
            }
            case FWD:
                out.append("fwd_kind=").append(((BtfType.Fwd) t).union() ? "union" : "struct").append('\n');
                break;
            case FUNC: {
                BtfType.Func f = (BtfType.Func) t;
                out.append("type_id=").append(f.proto()).append(" linkage=").append(linkage(f.linkage())).append('\n');
                break;
            }
            case FUNC_PROTO: {
                BtfType.FuncProto p = (BtfType.FuncProto) t;
                out.append("ret_type_id=").append(p.returnType()).append(" vlen=").append(p.params().size()).append('\n');
                for (BtfType.Param param : p.params()) {
                    out.append("\t'").append(name(param.name())).append("' type_id=").append(param.type()).append('\n');
                }
                break;
            }
            case VAR: {
                BtfType.Var v = (BtfType.Var) t;
                out.append("type_id=").append(v.type()).append(", linkage=").append(linkage(v.linkage())).append('\n');
                break;
            }
            case DATASEC: {
                BtfType.Datasec d = (BtfType.Datasec) t;
                out.append("size=").append(d.size()).append(" vlen=").append(d.vars().size()).append('\n');
                for (BtfType.VarSecInfo v : d.vars()) {
                    BtfType var = btf.type(v.type());
                    out.append("\ttype_id=").append(v.type()).append(" offset=").append(v.offset()).append(" size=")
                            .append(v.size()).append(" (").append(var.kind()).append(" '").append(name(var.name()))
                            .append("')\n");
                }
                break;
            }
            case FLOAT:
                out.append("size=").append(((BtfType.Float) t).size()).append('\n');
                break;
            case DECL_TAG: {
                BtfType.DeclTag d = (BtfType.DeclTag) t;
                out.append("type_id=").append(d.type()).append(" component_idx=").append(d.componentIndex()).append('\n');
                break;
            }
            default:
                throw new AssertionError(t.kind());
        }
    }

    private static void typeId(int id, StringBuilder out) {
        out.append("type_id=").append(id).append('\n');
    }

    private static String name(String s) {
        return s.isEmpty() ? "(anon)" : s;
    }

    private static String encoding(int e) {
        switch (e) {
            case 0:
                return "(none)";
            case BtfType.Int.SIGNED:
                return "SIGNED";
            case BtfType.Int.CHAR:
                return "CHAR";
            case BtfType.Int.BOOL:
                return "BOOL";
            default:
                return "UNKN";
        }
    }

    private static String linkage(Linkage l) {
        return l.name().toLowerCase(Locale.ROOT);
    }
}
