package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Btf}. Each {@code add*} appends one type and returns its id (the first type is
 * id 1; 0 means void). Types may refer to ids added later (a struct pointing to itself); all
 * references are checked by {@link #build()}. Types can be replaced in place, e.g. to patch a
 * DATASEC's size and variable offsets once the ELF section is laid out.
 */
public final class BtfBuilder {
    private final List<BtfType> types;
    private final StringTableBuilder strings;
    private Map<BtfType, Integer> interned;

    public BtfBuilder() {
        this(new ArrayList<>(), BtfStringTable.EMPTY);
    }

    private BtfBuilder(List<BtfType> types, BtfStringTable strings) {
        this.types = types;
        this.strings = new StringTableBuilder(strings);
    }

    /** A builder holding all types and strings of {@code btf}, to extend or patch it. */
    public static BtfBuilder from(Btf btf) {
        return new BtfBuilder(new ArrayList<>(btf.types()), btf.strings());
    }

    /** Appends {@code type}; returns its id. */
    public int add(BtfType type) {
        Objects.requireNonNull(type, "type");
        types.add(type);
        if (interned != null) {
            interned.putIfAbsent(type, types.size());
        }
        return types.size();
    }

    /** The id of a type equal to {@code type}, adding it first if there is none. */
    public int intern(BtfType type) {
        Objects.requireNonNull(type, "type");
        if (interned == null) {
            interned = new HashMap<>();
            for (int i = 0; i < types.size(); i++) {
                interned.putIfAbsent(types.get(i), i + 1);
            }
        }
        Integer id = interned.get(type);
        return id != null ? id : add(type);
    }

    /**
     * Adds {@code s} to the string table (once) and returns its offset; {@code .BTF.ext} records
     * refer to file names and source lines this way.
     */
    public int addString(String s) {
        return strings.add(Objects.requireNonNull(s, "s"));
    }

    /** The type with this id. */
    public BtfType type(int id) {
        checkId(id);
        return types.get(id - 1);
    }

    /** The id the next added type will get. */
    public int nextId() {
        return types.size() + 1;
    }

    /** Replaces the type with id {@code id}. */
    public void replace(int id, BtfType type) {
        checkId(id);
        Objects.requireNonNull(type, "type");
        types.set(id - 1, type);
        interned = null;
    }

    /** Sets the size and variable placements of the DATASEC {@code id}, keeping its name. */
    public void patchDatasec(int id, int size, List<BtfType.VarSecInfo> vars) {
        BtfType t = type(id);
        if (!(t instanceof BtfType.Datasec)) {
            throw new IllegalArgumentException("BTF type #" + id + " is a " + t.kind() + ", not a DATASEC");
        }
        replace(id, new BtfType.Datasec(t.name(), size, vars));
    }

    public int addInt(String name, int size, boolean signed) {
        return add(BtfType.Int.of(name, size, signed));
    }

    /** An integer with an explicit encoding: 0, {@link BtfType.Int#SIGNED}, {@link BtfType.Int#CHAR} or {@link BtfType.Int#BOOL}. */
    public int addInt(String name, int size, int encoding) {
        return add(new BtfType.Int(name, size, encoding, 0, size * 8));
    }

    public int addPtr(int type) {
        return add(new BtfType.Ptr(type));
    }

    public int addArray(int elementType, int indexType, int length) {
        return add(new BtfType.Array(elementType, indexType, length));
    }

    /** A struct; kind_flag (bitfield offsets) is set when any member is a bitfield. */
    public int addStruct(String name, int size, List<BtfType.Member> members) {
        return add(new BtfType.Struct(name, size, members, hasBitfield(members)));
    }

    public int addUnion(String name, int size, List<BtfType.Member> members) {
        return add(new BtfType.Union(name, size, members, hasBitfield(members)));
    }

    /** A 32-bit enum; signed when any value is negative. */
    public int addEnum(String name, int size, List<BtfType.EnumValue> values) {
        boolean signed = values.stream().anyMatch(v -> v.value() < 0);
        return add(new BtfType.Enum(name, size, signed, values));
    }

    public int addEnum64(String name, int size, boolean signed, List<BtfType.Enum64Value> values) {
        return add(new BtfType.Enum64(name, size, signed, values));
    }

    public int addFwd(String name, boolean union) {
        return add(new BtfType.Fwd(name, union));
    }

    public int addTypedef(String name, int type) {
        return add(new BtfType.Typedef(name, type));
    }

    public int addConst(int type) {
        return add(new BtfType.Const(type));
    }

    public int addVolatile(int type) {
        return add(new BtfType.Volatile(type));
    }

    public int addRestrict(int type) {
        return add(new BtfType.Restrict(type));
    }

    public int addFuncProto(int returnType, List<BtfType.Param> params) {
        return add(new BtfType.FuncProto(returnType, params));
    }

    public int addFunc(String name, int protoId, Linkage linkage) {
        return add(new BtfType.Func(name, protoId, linkage));
    }

    public int addVar(String name, int typeId, Linkage linkage) {
        return add(new BtfType.Var(name, typeId, linkage));
    }

    public int addDatasec(String name, int size, List<BtfType.VarSecInfo> vars) {
        return add(new BtfType.Datasec(name, size, vars));
    }

    public int addFloat(String name, int size) {
        return add(new BtfType.Float(name, size));
    }

    /** A decl tag on {@code type} itself ({@code componentIndex} -1) or on one of its members/parameters. */
    public int addDeclTag(String value, int type, int componentIndex) {
        return add(new BtfType.DeclTag(value, type, componentIndex, false));
    }

    public int addTypeTag(String value, int type) {
        return add(new BtfType.TypeTag(value, type, false));
    }

    /**
     * The finished BTF, whose string table holds every name. Fails if a type refers to an id that
     * does not exist, contains itself by value, or has more members than BTF can count.
     */
    public Btf build() {
        List<BtfType> snapshot = new ArrayList<>(types);
        TypeGraphChecks.check(snapshot, (id, t, problem) -> new IllegalStateException(
                "BTF type #" + id + " (" + t.kind() + " '" + t.name() + "') " + problem));
        // Encoding registers the names in type order, the order in which encode() will want them.
        LeOutput scratch = new LeOutput(snapshot.size() * 16);
        for (BtfType t : snapshot) {
            BtfTypeCodec.write(t, scratch, strings);
        }
        return new Btf(snapshot, strings.build());
    }

    private void checkId(int id) {
        if (id <= 0 || id > types.size()) {
            throw new IllegalArgumentException("no BTF type with id " + id + " (valid ids are 1.." + types.size() + ")");
        }
    }

    private static boolean hasBitfield(List<BtfType.Member> members) {
        return members.stream().anyMatch(m -> m.bitfieldSize() != 0);
    }
}
