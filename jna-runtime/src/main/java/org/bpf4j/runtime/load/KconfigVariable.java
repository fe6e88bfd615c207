package org.bpf4j.runtime.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.runtime.BpfException;

/**
 * One {@code __kconfig} extern as libbpf types it (bool, char, 1/2/4/8-byte integer,
 * {@code enum libbpf_tristate}, char array) and how a kernel configuration value is stored in
 * it: {@code y}/{@code n}/{@code m} into bool, tristate or char; {@code "text"} into a char array
 * (truncated, NUL-terminated); a number into an integer or char it fits.
 *
 * @param name  the extern, e.g. {@code CONFIG_HZ}
 * @param type  its kconfig type
 * @param size  its size in bytes
 * @param align its alignment in the {@code .kconfig} map
 */
record KconfigVariable(String name, Type type, int size, int align, boolean signed) {
    private static final int TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2;

    enum Type { BOOL, CHAR, INT, TRISTATE, CHAR_ARRAY }

    /** The extern declared by VAR {@code varId} of {@code btf}; throws naming it when libbpf would refuse its type. */
    static KconfigVariable of(Btf btf, int varId, String object) {
        if (!(btf.type(varId) instanceof BtfType.Var var)) {
            throw new BpfException("object '" + object + "': .kconfig DATASEC holds type #" + varId + ", not a variable");
        }
        int t = btf.skipModifiers(var.type());
        BtfType type = t == 0 ? null : btf.type(t);
        Type kind = typeOf(btf, type);
        if (kind == null) {
            throw new BpfException("object '" + object + "': extern " + var.name() + " __kconfig has type " + type
                    + "; libbpf allows bool, char, char arrays, 1/2/4/8-byte integers and enum libbpf_tristate");
        }
        int size = (int) btf.sizeOf(t);
        return new KconfigVariable(var.name(), kind, size, kind == Type.CHAR_ARRAY ? 1 : size,
                type instanceof BtfType.Int i && i.signed());
    }

    private static Type typeOf(Btf btf, BtfType type) {
        if (type instanceof BtfType.Int i) {
            if ((i.encoding() & BtfType.Int.BOOL) != 0) return i.size() == 1 ? Type.BOOL : null;
            if (i.size() == 1) return Type.CHAR;
            return i.size() == 2 || i.size() == 4 || i.size() == 8 ? Type.INT : null;
        }
        if (type instanceof BtfType.Enum en) {
            return en.size() == 4 && en.name().equals("libbpf_tristate") ? Type.TRISTATE : null;
        }
        if (type instanceof BtfType.Array a && a.length() > 0) {
            int element = btf.skipModifiers(a.elementType());
            return element != 0 && typeOf(btf, btf.type(element)) == Type.CHAR ? Type.CHAR_ARRAY : null;
        }
        return null;
    }

    /** Stores configuration text {@code text} at {@code at}'s position; throws naming the mismatch. */
    void store(String text, ByteBuffer at, String object) {
        String what = "object '" + object + "': extern " + name + " (kernel config value '" + text + "')";
        char first = text.isEmpty() ? 0 : text.charAt(0);
        if (text.length() == 1 && (first == 'y' || first == 'n' || first == 'm')) {
            switch (type) {
                case BOOL -> {
                    if (first == 'm') throw new BpfException(what + ": 'm' needs a tristate or char, not bool");
                    at.put((byte) (first == 'y' ? 1 : 0));
                }
                case TRISTATE -> at.putInt(first == 'y' ? TRI_YES : first == 'm' ? TRI_MODULE : TRI_NO);
                case CHAR -> at.put((byte) first);
                default -> throw new BpfException(what + ": y/n/m needs a bool, tristate or char");
            }
        } else if (first == '"') {
            if (type != Type.CHAR_ARRAY) throw new BpfException(what + ": a string needs a char array");
            if (text.length() < 2 || !text.endsWith("\"")) throw new BpfException(what + ": unterminated string");
            byte[] bytes = text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8);
            at.put(bytes, 0, Math.min(bytes.length, size - 1));
        } else {
            long value = parseNumber(text, what);
            if (type != Type.INT && type != Type.CHAR) {
                throw new BpfException(what + ": a number needs an integer or char, not " + type);
            }
            if (!fits(value)) {
                throw new BpfException(what + ": out of range for " + size + (signed ? " signed" : " unsigned") + " bytes");
            }
            switch (size) {
                case 1 -> at.put((byte) value);
                case 2 -> at.putShort((short) value);
                case 4 -> at.putInt((int) value);
                default -> at.putLong(value);
            }
        }
    }

    /** Decimal, 0x-hex or 0-octal, up to 64 unsigned bits (libbpf uses strtoull). */
    private static long parseNumber(String text, String what) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseUnsignedLong(text.substring(2), 16);
            if (text.length() > 1 && text.startsWith("0")) return Long.parseUnsignedLong(text.substring(1), 8);
            return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new BpfException(what + ": not a valid integer");
        }
    }

    private boolean fits(long value) {
        if (size == 8) return true;
        int bits = size * 8;
        return signed ? value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)) : value >= 0 && value < (1L << bits);
    }
}
