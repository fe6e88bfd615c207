package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.KernelEnum;
import org.bpf4j.compiler.ir.KernelStruct;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfType;

/**
 * Describes a module's kernel structs in BTF the way clang describes CO-RE local types: a
 * STRUCT per declaration with just the declared members, pointers to the declared structs
 * (they may refer to each other or themselves, so every id is reserved first), declared structs
 * embedded by value, {@code char} arrays and pointers, plain integers and bitfields (with
 * kind_flag set on their struct), members of declared enums; enums with just the enumerators
 * used (described first, as members refer to them). libbpf and our loader match them to the
 * kernel's types by name.
 */
final class KernelStructTypes {
    private final BtfBuilder btf;
    private final BtfTypes types;
    private final Map<String, Integer> ids = new HashMap<>();

    KernelStructTypes(BtfBuilder btf, BtfTypes types) {
        this.btf = btf;
        this.types = types;
    }

    void describe(List<KernelStruct> structs) {
        for (KernelStruct s : structs) ids.put(s.name(), btf.add(new BtfType.Fwd(s.name(), false)));
        for (KernelStruct s : structs) {
            List<BtfType.Member> members = new ArrayList<>();
            boolean bitfields = false;
            for (KernelStruct.Field f : s.fields()) {
                if (f.type() instanceof KernelStruct.Bits b) {
                    members.add(BtfType.Member.bitfield(f.name(), types.of(scalar(b.size(), b.signed())), f.offset() * 8, b.width()));
                    bitfields = true;
                } else {
                    members.add(BtfType.Member.of(f.name(), typeOf(f.type()), f.offset() * 8));
                }
            }
            // kind_flag: member offsets carry bitfield sizes, as the kernel's own structs with bitfields do
            btf.replace(ids.get(s.name()), new BtfType.Struct(s.name(), s.size(), members, bitfields));
        }
    }

    /** Each enum as a 4-byte ENUM whose enumerators have their positions as values. */
    void describeEnums(List<KernelEnum> enums) {
        for (KernelEnum e : enums) {
            List<BtfType.EnumValue> values = new ArrayList<>();
            for (int i = 0; i < e.enumerators().size(); i++) values.add(new BtfType.EnumValue(e.enumerators().get(i), i));
            ids.put(e.name(), btf.add(new BtfType.Enum(e.name(), 4, false, values)));
        }
    }

    /** The BTF id of the declared struct or enum {@code name}. */
    int idOf(String name) {
        Integer id = ids.get(name);
        if (id == null) throw new IllegalStateException("CO-RE access to undeclared kernel struct " + name);
        return id;
    }

    private int typeOf(KernelStruct.FieldType t) {
        if (t instanceof KernelStruct.Scalar s) return types.of(scalar(s.size(), s.signed()));
        if (t instanceof KernelStruct.Pointer p) return btf.intern(new BtfType.Ptr(p.target() == null ? 0 : idOf(p.target())));
        if (t instanceof KernelStruct.Embedded e) return idOf(e.target());
        if (t instanceof KernelStruct.Enum e) return idOf(e.target());
        if (t instanceof KernelStruct.CharPointer) return btf.intern(new BtfType.Ptr(btf.intern(BtfType.Int.of("char", 1, true))));
        int index = btf.intern(BtfType.Int.of("__ARRAY_SIZE_TYPE__", 4, false));
        return btf.intern(new BtfType.Array(btf.intern(BtfType.Int.of("char", 1, true)), index, ((KernelStruct.Chars) t).length()));
    }

    private static DataType scalar(int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? DataType.S8 : DataType.U8;
            case 2 -> signed ? DataType.S16 : DataType.U16;
            case 4 -> signed ? DataType.S32 : DataType.U32;
            default -> signed ? DataType.S64 : DataType.U64;
        };
    }
}
