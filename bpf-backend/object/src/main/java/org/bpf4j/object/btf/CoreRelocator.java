package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code .BTF.ext} CO-RE relocations of a program against a target BTF (usually the
 * running kernel's), following libbpf's rules: candidates are target types of the same kind
 * whose names match up to a {@code ___flavor} suffix; a field is found by name through
 * anonymous members; all matching candidates must agree. {@code TYPE_MATCHES} uses libbpf's
 * stricter "types match" relation ({@link #typesMatch}).
 */
public final class CoreRelocator {
    private static final int MAX_SPEC_LENGTH = 64;
    private static final int MAX_COMPAT_DEPTH = 32;

    private final Btf local;
    private final Btf target;
    private final Map<Integer, List<Integer>> candidates = new HashMap<>();

    public CoreRelocator(Btf local, Btf target) {
        this.local = local;
        this.target = target;
    }

    /** One accessor of a spec: a named member (name set) or an array index (name null). */
    private static final class Accessor {
        final int typeId;
        final int index;
        final String name;

        Accessor(int typeId, int index, String name) {
            this.typeId = typeId;
            this.index = index;
            this.name = name;
        }
    }

    /** A parsed access path: the high-level accessors, the raw indices and the bit offset they reach. */
    private static final class Spec {
        final Btf btf;
        final int rootId;
        final List<Accessor> accessors = new ArrayList<>();
        final List<Integer> raw = new ArrayList<>();
        long bitOffset;

        Spec(Btf btf, int rootId) {
            this.btf = btf;
            this.rootId = rootId;
        }

        String access() {
            StringBuilder s = new StringBuilder();
            for (int i : raw) {
                s.append(s.length() == 0 ? "" : ":").append(i);
            }
            return s.toString();
        }
    }

    /** Resolves {@code relo}, which must come from the program whose BTF is {@code local}. */
    public CoreResult resolve(BtfExt.CoreRelo relo) {
        CoreReloKind kind = relo.kind();
        if (relo.typeId() <= 0 || relo.typeId() > local.maxId()) {
            throw new CoreRelocationException("CO-RE relocation " + kind + " refers to type id " + relo.typeId()
                    + ", outside the program's BTF (1.." + local.maxId() + ")");
        }
        Spec localSpec = parse(relo);
        Value localValue = value(kind, localSpec);
        if (kind == CoreReloKind.TYPE_ID_LOCAL) {
            return new CoreResult(localValue.value, localValue.value, false, 0, 0, localSpec.access(), true, true);
        }
        String rootName = local.type(relo.typeId()).name();
        if (rootName.isEmpty()) {
            throw new CoreRelocationException("CO-RE relocation on anonymous type #" + relo.typeId()
                    + " (libbpf cannot search candidates for it)");
        }
        Spec chosen = null;
        Value chosenValue = null;
        for (int candidate : candidatesFor(relo.typeId())) {
            Spec targetSpec = new Spec(target, candidate);
            if (!match(kind, localSpec, targetSpec)) {
                continue;
            }
            Value v = value(kind, targetSpec);
            if (chosen == null) {
                chosen = targetSpec;
                chosenValue = v;
            } else if (targetSpec.bitOffset != chosen.bitOffset || v.value != chosenValue.value) {
                throw new CoreRelocationException("CO-RE relocation " + kind + " of " + describe(relo)
                        + " is ambiguous: target types #" + chosen.rootId + " and #" + candidate + " disagree");
            }
        }
        if (chosen == null) {
            boolean hasMissingValue = kind == CoreReloKind.FIELD_EXISTS || kind == CoreReloKind.TYPE_EXISTS
                    || kind == CoreReloKind.TYPE_MATCHES || kind == CoreReloKind.ENUMVAL_EXISTS;
            return new CoreResult(localValue.value, 0, !hasMissingValue, localValue.fieldSize, 0, "",
                    !localValue.bitfield, true);
        }
        return new CoreResult(localValue.value, chosenValue.value, false, localValue.fieldSize,
                chosenValue.fieldSize, chosen.access(), !localValue.bitfield,
                sizeAdjustable(localValue, chosenValue));
    }

    /**
     * libbpf resizes a load or store only where zero extension keeps the value: pointers (32-bit
     * kernels) and unsigned integers; any other size change poisons the access.
     */
    private boolean sizeAdjustable(Value l, Value t) {
        if (l.fieldSize == t.fieldSize || l.typeId == 0 || t.typeId == 0) {
            return true;
        }
        BtfType lt = local.type(l.typeId);
        BtfType tt = target.type(t.typeId);
        if (lt instanceof BtfType.Ptr && tt instanceof BtfType.Ptr) {
            return true;
        }
        return lt instanceof BtfType.Int && tt instanceof BtfType.Int
                && !((BtfType.Int) lt).signed() && !((BtfType.Int) tt).signed();
    }

    private String describe(BtfExt.CoreRelo relo) {
        return "'" + local.type(relo.typeId()).name() + "' " + relo.accessString();
    }

    // ---- local spec -------------------------------------------------------------------------

    private Spec parse(BtfExt.CoreRelo relo) {
        int[] indices = parseAccess(relo.accessString());
        int root = local.skipModifiers(relo.typeId());
        Spec spec = new Spec(local, relo.typeId());
        if (root == 0) {
            throw bad(relo, "the type is void");
        }
        BtfType rootType = local.type(root);
        switch (kindClass(relo.kind())) {
            case TYPE:
                if (indices.length != 1 || indices[0] != 0) {
                    throw bad(relo, "a type relocation's access string must be \"0\"");
                }
                spec.raw.add(0);
                return spec;
            case ENUMVAL: {
                int count = enumerators(rootType);
                if (count < 0 || indices.length != 1 || indices[0] >= count) {
                    throw bad(relo, "an enum value relocation needs an enum and one enumerator index");
                }
                spec.accessors.add(new Accessor(root, indices[0], enumeratorName(rootType, indices[0])));
                spec.raw.add(indices[0]);
                return spec;
            }
            default:
                break;
        }
        spec.accessors.add(new Accessor(root, indices[0], null));
        spec.raw.add(indices[0]);
        spec.bitOffset = (long) indices[0] * size(local, root) * 8;
        int id = root;
        for (int i = 1; i < indices.length; i++) {
            id = local.skipModifiers(id);
            BtfType t = id == 0 ? null : local.type(id);
            int index = indices[i];
            if (t instanceof BtfType.Composite) {
                List<BtfType.Member> members = ((BtfType.Composite) t).members();
                if (index >= members.size()) {
                    throw bad(relo, "member index " + index + " beyond the " + members.size() + " members of #" + id);
                }
                BtfType.Member m = members.get(index);
                spec.bitOffset += Integer.toUnsignedLong(m.bitOffset());
                if (!m.name().isEmpty()) {
                    spec.accessors.add(new Accessor(id, index, m.name()));
                }
                spec.raw.add(index);
                id = m.type();
            } else if (t instanceof BtfType.Array) {
                BtfType.Array a = (BtfType.Array) t;
                int element = local.skipModifiers(a.elementType());
                boolean flex = isFlexible(local, spec.accessors.get(spec.accessors.size() - 1), a);
                if (!flex && Integer.compareUnsigned(index, a.length()) >= 0) {
                    throw bad(relo, "array index " + index + " beyond the " + a.length() + " elements of #" + id);
                }
                spec.accessors.add(new Accessor(element, index, null));
                spec.raw.add(index);
                spec.bitOffset += (long) index * size(local, element) * 8;
                id = element;
            } else {
                throw bad(relo, "access step " + i + " reaches " + (t == null ? "void" : "a " + t.kind())
                        + ", which has no members or elements");
            }
        }
        return spec;
    }

    private static int[] parseAccess(String access) {
        String[] parts = access.split(":", -1);
        if (access.isEmpty() || parts.length > MAX_SPEC_LENGTH) {
            throw new CoreRelocationException("CO-RE access string '" + access + "' must hold 1 to "
                    + MAX_SPEC_LENGTH + " indices");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new CoreRelocationException("CO-RE access string '" + access + "' has a non-number '"
                        + parts[i] + "'");
            }
            if (out[i] < 0) {
                throw new CoreRelocationException("CO-RE access string '" + access + "' has a negative index");
            }
        }
        return out;
    }

    private CoreRelocationException bad(BtfExt.CoreRelo relo, String why) {
        return new CoreRelocationException("CO-RE relocation " + relo.kind() + " of " + describe(relo) + ": " + why);
    }

    // ---- candidates and matching ------------------------------------------------------------

    private List<Integer> candidatesFor(int localId) {
        return candidates.computeIfAbsent(localId, id -> {
            BtfType l = local.type(id);
            String essential = essentialName(l.name());
            List<Integer> found = new ArrayList<>();
            for (int t : CoreCandidates.of(target).named(essential)) {
                if (kindsCompatible(l, target.type(t))) {
                    found.add(t);
                }
            }
            return found;
        });
    }

    private boolean match(CoreReloKind kind, Spec localSpec, Spec targetSpec) {
        targetSpec.raw.clear();
        switch (kindClass(kind)) {
            case TYPE:
                targetSpec.raw.add(0);
                return kind == CoreReloKind.TYPE_MATCHES
                        ? typesMatch(localSpec.rootId, targetSpec.rootId, false, MAX_COMPAT_DEPTH)
                        : typesCompatible(localSpec.rootId, targetSpec.rootId, MAX_COMPAT_DEPTH);
            case ENUMVAL: {
                int id = target.skipModifiers(targetSpec.rootId);
                BtfType t = id == 0 ? null : target.type(id);
                int count = t == null ? -1 : enumerators(t);
                String wanted = essentialName(localSpec.accessors.get(0).name);
                for (int i = 0; i < count; i++) {
                    if (essentialName(enumeratorName(t, i)).equals(wanted)) {
                        targetSpec.accessors.add(new Accessor(id, i, enumeratorName(t, i)));
                        targetSpec.raw.add(i);
                        return true;
                    }
                }
                return false;
            }
            default:
                return matchField(localSpec, targetSpec);
        }
    }

    private boolean matchField(Spec localSpec, Spec targetSpec) {
        int targetId = targetSpec.rootId;
        for (int i = 0; i < localSpec.accessors.size(); i++) {
            Accessor l = localSpec.accessors.get(i);
            if (l.name != null) {
                int[] next = new int[1];
                if (!matchMember(l, targetId, targetSpec, next)) {
                    return false;
                }
                targetId = next[0];
                continue;
            }
            if (i > 0) {
                targetId = target.skipModifiers(targetId);
                BtfType t = targetId == 0 ? null : target.type(targetId);
                if (!(t instanceof BtfType.Array)) {
                    return false;
                }
                BtfType.Array a = (BtfType.Array) t;
                Accessor enclosing = targetSpec.accessors.get(targetSpec.accessors.size() - 1);
                if (!isFlexible(target, enclosing, a) && Integer.compareUnsigned(l.index, a.length()) >= 0) {
                    return false;
                }
                targetId = target.skipModifiers(a.elementType());
            } else {
                targetId = target.skipModifiers(targetId);
            }
            if (targetSpec.raw.size() == MAX_SPEC_LENGTH) {
                throw new CoreRelocationException("CO-RE target access path is nested too deeply");
            }
            targetSpec.accessors.add(new Accessor(targetId, l.index, null));
            targetSpec.raw.add(l.index);
            targetSpec.bitOffset += (long) l.index * size(target, targetId) * 8;
        }
        return true;
    }

    /** Finds local member {@code l} in target type {@code targetId}, descending into anonymous members. */
    private boolean matchMember(Accessor l, int targetId, Spec spec, int[] nextTargetId) {
        BtfType.Member localMember = ((BtfType.Composite) local.type(l.typeId)).members().get(l.index);
        int id = target.skipModifiers(targetId);
        BtfType t = id == 0 ? null : target.type(id);
        if (!(t instanceof BtfType.Composite)) {
            return false;
        }
        List<BtfType.Member> members = ((BtfType.Composite) t).members();
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            if (spec.raw.size() == MAX_SPEC_LENGTH) {
                throw new CoreRelocationException("CO-RE target access path is nested too deeply");
            }
            long bitOffset = Integer.toUnsignedLong(m.bitOffset());
            spec.bitOffset += bitOffset;
            spec.raw.add(i);
            if (m.name().isEmpty()) {
                if (matchMember(l, m.type(), spec, nextTargetId)) {
                    return true;
                }
            } else if (m.name().equals(localMember.name())) {
                if (fieldsCompatible(localMember.type(), m.type())) {
                    spec.accessors.add(new Accessor(id, i, m.name()));
                    nextTargetId[0] = m.type();
                    return true;
                }
                spec.bitOffset -= bitOffset;
                spec.raw.remove(spec.raw.size() - 1);
                return false;
            }
            spec.bitOffset -= bitOffset;
            spec.raw.remove(spec.raw.size() - 1);
        }
        return false;
    }

    private boolean fieldsCompatible(int localId, int targetId) {
        int l = local.skipModifiers(localId);
        int t = target.skipModifiers(targetId);
        while (true) {
            if (l == 0 || t == 0) {
                return l == 0 && t == 0;
            }
            BtfType lt = local.type(l);
            BtfType tt = target.type(t);
            if (lt instanceof BtfType.Composite && tt instanceof BtfType.Composite) {
                return true;
            }
            if (lt.kind() != tt.kind() && !(isEnum(lt) && isEnum(tt))) {
                return false;
            }
            switch (lt.kind()) {
                case PTR:
                case FLOAT:
                    return true;
                case FWD:
                case ENUM:
                case ENUM64: {
                    String ln = essentialName(lt.name());
                    String tn = essentialName(tt.name());
                    return ln.isEmpty() || tn.isEmpty() || ln.equals(tn);
                }
                case INT:
                    return ((BtfType.Int) lt).bitOffset() == 0 && ((BtfType.Int) tt).bitOffset() == 0;
                case ARRAY:
                    l = local.skipModifiers(((BtfType.Array) lt).elementType());
                    t = target.skipModifiers(((BtfType.Array) tt).elementType());
                    break;
                default:
                    return false;
            }
        }
    }

    /**
     * Whether local type {@code localId} is compatible with target type {@code targetId} by
     * libbpf's bpf_core_types_are_compat (what type-based relocations use, and what libbpf asks
     * of a typed {@code __ksym} variable or a kfunc's prototype against the kernel's).
     */
    public boolean compatible(int localId, int targetId) {
        if (localId <= 0 || localId > local.maxId() || targetId <= 0 || targetId > target.maxId()) {
            throw new CoreRelocationException("type ids #" + localId + " / #" + targetId + " are outside the BTF");
        }
        return typesCompatible(localId, targetId, MAX_COMPAT_DEPTH);
    }

    /** libbpf's bpf_core_types_are_compat: used for type-based relocations. */
    private boolean typesCompatible(int localId, int targetId, int level) {
        if (!kindsCompatible(local.type(localId), target.type(targetId))) {
            return false;
        }
        int l = localId;
        int t = targetId;
        for (int depth = MAX_COMPAT_DEPTH; depth > 0; depth--) {
            l = local.skipModifiers(l);
            t = target.skipModifiers(t);
            if (l == 0 || t == 0) {
                return l == 0 && t == 0;
            }
            BtfType lt = local.type(l);
            BtfType tt = target.type(t);
            if (!kindsCompatible(lt, tt)) {
                return false;
            }
            switch (lt.kind()) {
                case STRUCT:
                case UNION:
                case ENUM:
                case ENUM64:
                case FWD:
                    return true;
                case INT:
                    return ((BtfType.Int) lt).bitOffset() == 0 && ((BtfType.Int) tt).bitOffset() == 0;
                case PTR:
                    l = ((BtfType.Ptr) lt).type();
                    t = ((BtfType.Ptr) tt).type();
                    break;
                case ARRAY:
                    l = ((BtfType.Array) lt).elementType();
                    t = ((BtfType.Array) tt).elementType();
                    break;
                case FUNC_PROTO: {
                    List<BtfType.Param> lp = ((BtfType.FuncProto) lt).params();
                    List<BtfType.Param> tp = ((BtfType.FuncProto) tt).params();
                    if (lp.size() != tp.size()) {
                        return false;
                    }
                    for (int i = 0; i < lp.size(); i++) {
                        if (level <= 0) {
                            throw new CoreRelocationException("CO-RE function prototype nesting is too deep");
                        }
                        int lpId = local.skipModifiers(lp.get(i).type());
                        int tpId = target.skipModifiers(tp.get(i).type());
                        if ((lpId == 0) != (tpId == 0)
                                || lpId != 0 && !typesCompatible(lpId, tpId, level - 1)) {
                            return false;
                        }
                    }
                    l = ((BtfType.FuncProto) lt).returnType();
                    t = ((BtfType.FuncProto) tt).returnType();
                    break;
                }
                default:
                    return false;
            }
        }
        throw new CoreRelocationException("CO-RE type compatibility check nests deeper than " + MAX_COMPAT_DEPTH);
    }

    /**
     * libbpf's bpf_core_types_match: after modifiers and typedefs, names match up to flavors;
     * integers by size and signedness; enums by size and every local enumerator's name;
     * structs and unions by every local member's name and matching type, except behind a
     * pointer, where the kind (or a forward declaration of it) is enough; pointers and arrays
     * (of equal length) by their element; function prototypes by arity, parameters and return.
     */
    private boolean typesMatch(int localId, int targetId, boolean behindPtr, int level) {
        if (level <= 0) {
            throw new CoreRelocationException("CO-RE type match nests deeper than " + MAX_COMPAT_DEPTH);
        }
        int l = local.skipModifiers(localId);
        int t = target.skipModifiers(targetId);
        if (l == 0 || t == 0) {
            return l == 0 && t == 0;
        }
        BtfType lt = local.type(l);
        BtfType tt = target.type(t);
        if (!namesMatch(lt.name(), tt.name())) {
            return false;
        }
        switch (lt.kind()) {
            case FWD: {
                boolean localUnion = ((BtfType.Fwd) lt).union();
                if (tt instanceof BtfType.Fwd) {
                    return localUnion == ((BtfType.Fwd) tt).union();
                }
                return behindPtr && (localUnion ? tt instanceof BtfType.Union : tt instanceof BtfType.Struct);
            }
            case ENUM:
            case ENUM64:
                return isEnum(tt) && enumsMatch(lt, tt);
            case STRUCT:
            case UNION:
                if (behindPtr) {
                    return lt.kind() == tt.kind()
                            || tt instanceof BtfType.Fwd && ((BtfType.Fwd) tt).union() == (lt.kind() == BtfKind.UNION);
                }
                return lt.kind() == tt.kind() && compositesMatch((BtfType.Composite) lt, (BtfType.Composite) tt, level);
            case INT:
                return tt instanceof BtfType.Int && ((BtfType.Int) lt).size() == ((BtfType.Int) tt).size()
                        && ((BtfType.Int) lt).signed() == ((BtfType.Int) tt).signed();
            case PTR:
                return tt instanceof BtfType.Ptr
                        && typesMatch(((BtfType.Ptr) lt).type(), ((BtfType.Ptr) tt).type(), true, level - 1);
            case ARRAY:
                return tt instanceof BtfType.Array && ((BtfType.Array) lt).length() == ((BtfType.Array) tt).length()
                        && typesMatch(((BtfType.Array) lt).elementType(), ((BtfType.Array) tt).elementType(),
                                behindPtr, level - 1);
            case FUNC_PROTO: {
                if (!(tt instanceof BtfType.FuncProto)) {
                    return false;
                }
                List<BtfType.Param> lp = ((BtfType.FuncProto) lt).params();
                List<BtfType.Param> tp = ((BtfType.FuncProto) tt).params();
                if (lp.size() != tp.size()) {
                    return false;
                }
                for (int i = 0; i < lp.size(); i++) {
                    if (!typesMatch(lp.get(i).type(), tp.get(i).type(), behindPtr, level - 1)) {
                        return false;
                    }
                }
                return typesMatch(((BtfType.FuncProto) lt).returnType(), ((BtfType.FuncProto) tt).returnType(),
                        behindPtr, level - 1);
            }
            default:
                return false;
        }
    }

    /** Names equal up to {@code ___flavor} suffixes; an anonymous target matches only an anonymous local. */
    private static boolean namesMatch(String localName, String targetName) {
        if (targetName.isEmpty()) {
            return localName.isEmpty();
        }
        return essentialName(localName).equals(essentialName(targetName));
    }

    private static boolean enumsMatch(BtfType l, BtfType t) {
        int localSize = l instanceof BtfType.Enum ? ((BtfType.Enum) l).size() : ((BtfType.Enum64) l).size();
        int targetSize = t instanceof BtfType.Enum ? ((BtfType.Enum) t).size() : ((BtfType.Enum64) t).size();
        if (localSize != targetSize || enumerators(l) > enumerators(t)) {
            return false;
        }
        for (int i = 0; i < enumerators(l); i++) {
            boolean found = false;
            for (int j = 0; j < enumerators(t) && !found; j++) {
                found = namesMatch(enumeratorName(l, i), enumeratorName(t, j));
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private boolean compositesMatch(BtfType.Composite l, BtfType.Composite t, int level) {
        if (l.members().size() > t.members().size()) {
            return false;
        }
        for (BtfType.Member lm : l.members()) {
            boolean found = false;
            for (BtfType.Member tm : t.members()) {
                if (namesMatch(lm.name(), tm.name()) && typesMatch(lm.type(), tm.type(), false, level - 1)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    // ---- values -----------------------------------------------------------------------------

    /**
     * A computed relocation value; for a field byte offset also the accessed field's size and
     * type (modifiers and typedefs skipped), and whether the field is a bitfield.
     */
    private static final class Value {
        final long value;
        final int fieldSize;
        final int typeId;
        final boolean bitfield;

        Value(long value, int fieldSize) {
            this(value, fieldSize, 0, false);
        }

        Value(long value, int fieldSize, int typeId, boolean bitfield) {
            this.value = value;
            this.fieldSize = fieldSize;
            this.typeId = typeId;
            this.bitfield = bitfield;
        }
    }

    private Value value(CoreReloKind kind, Spec spec) {
        Btf btf = spec.btf;
        switch (kindClass(kind)) {
            case TYPE:
                switch (kind) {
                    case TYPE_ID_LOCAL:
                    case TYPE_ID_TARGET:
                        return new Value(spec.rootId, 0);
                    case TYPE_SIZE:
                        return new Value(size(btf, spec.rootId), 0);
                    default:
                        return new Value(1, 0);
                }
            case ENUMVAL: {
                if (kind == CoreReloKind.ENUMVAL_EXISTS) {
                    return new Value(1, 0);
                }
                Accessor a = spec.accessors.get(0);
                BtfType t = btf.type(a.typeId);
                long v = t instanceof BtfType.Enum ? ((BtfType.Enum) t).values().get(a.index).value()
                        : ((BtfType.Enum64) t).values().get(a.index).value();
                return new Value(v, 0);
            }
            default:
                return fieldValue(kind, spec);
        }
    }

    private Value fieldValue(CoreReloKind kind, Spec spec) {
        Btf btf = spec.btf;
        if (kind == CoreReloKind.FIELD_EXISTS) {
            return new Value(1, 0);
        }
        Accessor last = spec.accessors.get(spec.accessors.size() - 1);
        if (last.name == null) {
            int sz = (int) size(btf, last.typeId);
            switch (kind) {
                case FIELD_BYTE_OFFSET:
                    return new Value(spec.bitOffset / 8, sz, last.typeId, false);
                case FIELD_BYTE_SIZE:
                    return new Value(sz, 0);
                default:
                    throw new CoreRelocationException("CO-RE relocation " + kind + " cannot apply to an array element");
            }
        }
        BtfType.Composite owner = (BtfType.Composite) btf.type(last.typeId);
        BtfType.Member m = owner.members().get(last.index);
        int fieldType = btf.skipModifiers(m.type());
        long bitOffset = spec.bitOffset;
        int bitSize = m.bitfieldSize();
        boolean bitfield = bitSize > 0;
        long byteSize;
        long byteOffset;
        if (bitfield) {
            byteSize = size(btf, fieldType);
            if (byteSize <= 0) {
                throw new CoreRelocationException("CO-RE bitfield '" + m.name() + "' has a base type of size " + byteSize);
            }
            byteOffset = bitOffset / 8 / byteSize * byteSize;
            while (bitOffset + bitSize - byteOffset * 8 > byteSize * 8) {
                if (byteSize >= 8) {
                    throw new CoreRelocationException("CO-RE bitfield '" + m.name() + "' cannot be read with one 64-bit load");
                }
                byteSize *= 2;
                byteOffset = bitOffset / 8 / byteSize * byteSize;
            }
        } else {
            byteSize = size(btf, m.type());
            byteOffset = bitOffset / 8;
            bitSize = (int) (byteSize * 8);
        }
        switch (kind) {
            case FIELD_BYTE_OFFSET:
                return bitfield ? new Value(byteOffset, 0, 0, true) : new Value(byteOffset, (int) byteSize, fieldType, false);
            case FIELD_BYTE_SIZE:
                return new Value(byteSize, 0, 0, bitfield);
            case FIELD_SIGNED: {
                BtfType t = fieldType == 0 ? null : btf.type(fieldType);
                boolean signed = t instanceof BtfType.Enum ? ((BtfType.Enum) t).signed()
                        : t instanceof BtfType.Enum64 ? ((BtfType.Enum64) t).signed()
                        : t instanceof BtfType.Int && ((BtfType.Int) t).signed();
                return new Value(signed ? 1 : 0, 0, 0, bitfield);
            }
            case FIELD_LSHIFT_U64:
                return new Value(64 - (bitOffset + bitSize - byteOffset * 8), 0, 0, bitfield);
            case FIELD_RSHIFT_U64:
                return new Value(64 - bitSize, 0, 0, bitfield);
            default:
                throw new AssertionError(kind);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private enum KindClass { FIELD, TYPE, ENUMVAL }

    private static KindClass kindClass(CoreReloKind kind) {
        switch (kind) {
            case TYPE_ID_LOCAL:
            case TYPE_ID_TARGET:
            case TYPE_EXISTS:
            case TYPE_SIZE:
            case TYPE_MATCHES:
                return KindClass.TYPE;
            case ENUMVAL_EXISTS:
            case ENUMVAL_VALUE:
                return KindClass.ENUMVAL;
            default:
                return KindClass.FIELD;
        }
    }

    /** A flexible array: zero length and the last member of the struct it was reached through. */
    private static boolean isFlexible(Btf btf, Accessor enclosing, BtfType.Array a) {
        if (enclosing.name == null || a.length() != 0) {
            return false;
        }
        return enclosing.index == ((BtfType.Composite) btf.type(enclosing.typeId)).members().size() - 1;
    }

    private static long size(Btf btf, int id) {
        try {
            return btf.sizeOf(id);
        } catch (IllegalArgumentException e) {
            throw new CoreRelocationException("CO-RE: " + e.getMessage());
        }
    }

    private static boolean isEnum(BtfType t) {
        return t instanceof BtfType.Enum || t instanceof BtfType.Enum64;
    }

    private static boolean kindsCompatible(BtfType a, BtfType b) {
        return a.kind() == b.kind() || isEnum(a) && isEnum(b);
    }

    private static int enumerators(BtfType t) {
        return t instanceof BtfType.Enum ? ((BtfType.Enum) t).values().size()
                : t instanceof BtfType.Enum64 ? ((BtfType.Enum64) t).values().size() : -1;
    }

    private static String enumeratorName(BtfType t, int index) {
        return t instanceof BtfType.Enum ? ((BtfType.Enum) t).values().get(index).name()
                : ((BtfType.Enum64) t).values().get(index).name();
    }

    /** The name without a {@code ___flavor} suffix: {@code task_struct___v1} → {@code task_struct}. */
    static String essentialName(String name) {
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith("___", i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }
}
