package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfType;

/** Describes IR data types and register types in BTF, each once. */
final class BtfTypes {
    private final BtfBuilder btf;
    private final Map<DataType, Integer> ids = new HashMap<>();

    BtfTypes(BtfBuilder btf) {
        this.btf = btf;
    }

    int of(DataType t) {
        Integer id = ids.get(t);
        if (id != null) return id;
        if (t instanceof DataType.Int) {
            DataType.Int i = (DataType.Int) t;
            id = btf.intern(BtfType.Int.of(i.name(), i.size(), i.signed()));
        } else if (t instanceof DataType.Array) {
            DataType.Array a = (DataType.Array) t;
            int index = btf.intern(BtfType.Int.of("__ARRAY_SIZE_TYPE__", 4, false));
            id = btf.intern(new BtfType.Array(of(a.element()), index, a.length()));
        } else {
            DataType.Struct s = (DataType.Struct) t;
            List<BtfType.Member> members = new ArrayList<>();
            for (DataType.Member m : s.members()) members.add(BtfType.Member.of(m.name(), of(m.type()), m.offset() * 8));
            id = btf.add(new BtfType.Struct(s.name(), s.size(), members, false));
        }
        ids.put(t, id);
        return id;
    }

    /** The C type of a register value: {@code int}, {@code long long}, {@code void *}; 0 (void) for VOID. */
    int of(Type t) {
        switch (t) {
            case VOID: return 0;
            case I8: return of(DataType.S8);
            case I16: return of(DataType.S16);
            case I32: return of(DataType.S32);
            case I64: return of(DataType.S64);
            default: return btf.intern(new BtfType.Ptr(0));
        }
    }
}
