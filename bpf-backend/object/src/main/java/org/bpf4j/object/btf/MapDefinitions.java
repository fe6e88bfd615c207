package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * libbpf's BTF-defined maps. Writing: each map becomes an anonymous struct whose members encode
 * numbers as {@code int (*)[N]} and key/value types as pointers (what {@code __uint} and
 * {@code __type} in {@code bpf_helpers.h} produce), a global VAR of that struct, and an entry in
 * the {@code .maps} DATASEC. Reading: the reverse, from a {@code .maps} DATASEC.
 */
public final class MapDefinitions {
    static final String MAPS_SECTION = ".maps";
    private static final int POINTER_SIZE = 8;

    /** The number-valued members, in the order they are written (the usual order in C sources). */
    private enum NumberField {
        TYPE("type", MapDefinition::mapType),
        MAX_ENTRIES("max_entries", MapDefinition::maxEntries),
        KEY_SIZE("key_size", MapDefinition::keySize),
        VALUE_SIZE("value_size", MapDefinition::valueSize),
        MAP_FLAGS("map_flags", MapDefinition::flags),
        NUMA_NODE("numa_node", MapDefinition::numaNode),
        PINNING("pinning", MapDefinition::pinning),
        MAP_EXTRA("map_extra", MapDefinition::mapExtra);

        final String member;
        final ToIntFunction<MapDefinition> value;

        NumberField(String member, ToIntFunction<MapDefinition> value) {
            this.member = member;
            this.value = value;
        }

        static NumberField of(String member) {
            for (NumberField f : values()) {
                if (f.member.equals(member)) {
                    return f;
                }
            }
            return null;
        }
    }

    private final BtfBuilder btf;
    private final List<BtfType.VarSecInfo> placed = new ArrayList<>();
    private int sectionSize;

    /** Adds map definitions to {@code btf}. */
    public MapDefinitions(BtfBuilder btf) {
        this.btf = btf;
    }

    /**
     * Adds the definition struct and a global VAR {@code name} for it, placed after the maps added
     * so far; returns the VAR's id. Call {@link #addMapsSection()} once all maps are added.
     */
    public int addMap(String name, MapDefinition def) {
        int struct = addDefinition(def);
        int var = btf.addVar(name, struct, Linkage.GLOBAL);
        int size = ((BtfType.Struct) btf.type(struct)).size();
        placed.add(new BtfType.VarSecInfo(var, sectionSize, size));
        sectionSize += size;
        return var;
    }

    /** Byte offset of map VAR {@code varId} inside {@code .maps} (the value of its ELF symbol). */
    public int offsetOf(int varId) {
        for (BtfType.VarSecInfo v : placed) {
            if (v.type() == varId) {
                return v.offset();
            }
        }
        throw new IllegalArgumentException("BTF type #" + varId + " is not a map added here");
    }

    /** Total size of the {@code .maps} section for the maps added so far. */
    public int sectionSize() {
        return sectionSize;
    }

    /** Adds the {@code .maps} DATASEC listing every map added; returns its id. */
    public int addMapsSection() {
        return btf.addDatasec(MAPS_SECTION, sectionSize, placed);
    }

    /** Adds the anonymous definition struct for {@code def}; returns its id. */
    public int addDefinition(MapDefinition def) {
        List<BtfType.Member> members = new ArrayList<>();
        for (NumberField f : NumberField.values()) {
            int value = f.value.applyAsInt(def);
            boolean typed = f == NumberField.KEY_SIZE && def.keyTypeId() != 0
                    || f == NumberField.VALUE_SIZE && def.valueTypeId() != 0;
            if (typed) {
                String member = f == NumberField.KEY_SIZE ? "key" : "value";
                int type = f == NumberField.KEY_SIZE ? def.keyTypeId() : def.valueTypeId();
                members.add(member(members, member, btf.intern(new BtfType.Ptr(type))));
            } else if (value != 0 || f == NumberField.TYPE) {
                members.add(member(members, f.member, numberPointer(value)));
            }
        }
        if (def.innerMap() != null) {
            int inner = addDefinition(def.innerMap());
            int array = btf.add(new BtfType.Array(btf.intern(new BtfType.Ptr(inner)), arrayIndexType(), 0));
            members.add(member(members, "values", array));
        }
        return btf.add(new BtfType.Struct("", members.size() * POINTER_SIZE, members, false));
    }

    private static BtfType.Member member(List<BtfType.Member> before, String name, int type) {
        return BtfType.Member.of(name, type, before.size() * POINTER_SIZE * 8);
    }

    /** {@code int (*)[value]}: libbpf reads the number back from the array length. */
    private int numberPointer(int value) {
        int intType = btf.intern(BtfType.Int.of("int", 4, true));
        int array = btf.intern(new BtfType.Array(intType, arrayIndexType(), value));
        return btf.intern(new BtfType.Ptr(array));
    }

    private int arrayIndexType() {
        return btf.intern(BtfType.Int.of("__ARRAY_SIZE_TYPE__", 4, false));
    }

    /** Every map of the {@code .maps} DATASEC by name, in section order; empty when there is none. */
    public static Map<String, MapDefinition> readAll(Btf btf) {
        var id = btf.findId(MAPS_SECTION, BtfKind.DATASEC);
        if (id.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, MapDefinition> maps = new LinkedHashMap<>();
        for (BtfType.VarSecInfo v : btf.type(id.getAsInt(), BtfType.Datasec.class).vars()) {
            BtfType t = v.type() == 0 ? null : btf.type(v.type());
            if (!(t instanceof BtfType.Var)) {
                throw new BtfFormatException(".maps entry type #" + v.type() + " is "
                        + (t == null ? "void" : "a " + t.kind()) + ", not a VAR");
            }
            maps.put(t.name(), read(btf, v.type()));
        }
        return maps;
    }

    /** The definition of the map VAR {@code varId}. */
    public static MapDefinition read(Btf btf, int varId) {
        BtfType.Var var = btf.type(varId, BtfType.Var.class);
        return readStruct(btf, var.type(), "map '" + var.name() + "'", 0);
    }

    private static MapDefinition readStruct(Btf btf, int typeId, String map, int depth) {
        BtfType t = btf.type(nonVoid(btf.skipModifiers(typeId), map));
        if (!(t instanceof BtfType.Struct)) {
            throw new BtfFormatException(map + ": definition is a " + t.kind() + ", not a STRUCT");
        }
        int[] numbers = new int[NumberField.values().length];
        int keyType = 0;
        int valueType = 0;
        MapDefinition inner = null;
        for (BtfType.Member m : ((BtfType.Struct) t).members()) {
            String where = map + " member '" + m.name() + "'";
            NumberField field = NumberField.of(m.name());
            if (field != null) {
                numbers[field.ordinal()] = numberOf(btf, m.type(), where);
            } else if (m.name().equals("key")) {
                keyType = pointee(btf, m.type(), where);
            } else if (m.name().equals("value")) {
                valueType = pointee(btf, m.type(), where);
            } else if (m.name().equals("values")) {
                inner = readInner(btf, m.type(), map, where, depth);
            } else {
                throw new BtfFormatException(where + " is not a libbpf map attribute");
            }
        }
        int keySize = sizeOfTyped(btf, keyType, numbers[NumberField.KEY_SIZE.ordinal()], map, "key");
        int valueSize = sizeOfTyped(btf, valueType, numbers[NumberField.VALUE_SIZE.ordinal()], map, "value");
        return new MapDefinition(numbers[NumberField.TYPE.ordinal()], keySize, keyType, valueSize, valueType,
                numbers[NumberField.MAX_ENTRIES.ordinal()], numbers[NumberField.MAP_FLAGS.ordinal()],
                numbers[NumberField.NUMA_NODE.ordinal()], numbers[NumberField.PINNING.ordinal()],
                numbers[NumberField.MAP_EXTRA.ordinal()], inner);
    }

    /** {@code values}: an array of pointers to the inner map's definition struct (or to programs, for prog arrays). */
    private static MapDefinition readInner(Btf btf, int typeId, String map, String where, int depth) {
        BtfType t = btf.type(nonVoid(btf.skipModifiers(typeId), where));
        if (!(t instanceof BtfType.Array)) {
            throw new BtfFormatException(where + " must be an array of pointers but is a " + t.kind());
        }
        int target = btf.skipModifiers(pointee(btf, ((BtfType.Array) t).elementType(), where));
        if (target != 0 && btf.type(target) instanceof BtfType.FuncProto) {
            return null;
        }
        if (depth > 0) {
            throw new BtfFormatException(where + ": an inner map cannot itself hold maps");
        }
        return readStruct(btf, target, map + " inner map", depth + 1);
    }

    private static int sizeOfTyped(Btf btf, int typeId, int declaredSize, String map, String what) {
        if (typeId == 0) {
            return declaredSize;
        }
        long size;
        try {
            size = btf.sizeOf(typeId);
        } catch (IllegalArgumentException e) {
            throw new BtfFormatException(map + ": " + what + " type has no size: " + e.getMessage());
        }
        if (declaredSize != 0 && declaredSize != size) {
            throw new BtfFormatException(map + ": " + what + "_size " + declaredSize + " contradicts the "
                    + what + " type's size " + size);
        }
        return (int) size;
    }

    /** The N of a member of type {@code int (*)[N]}. */
    private static int numberOf(Btf btf, int typeId, String where) {
        int array = btf.skipModifiers(pointee(btf, typeId, where));
        BtfType t = array == 0 ? null : btf.type(array);
        if (!(t instanceof BtfType.Array)) {
            throw new BtfFormatException(where + " must have type int (*)[N], but points to "
                    + (t == null ? "void" : "a " + t.kind()));
        }
        return ((BtfType.Array) t).length();
    }

    private static int pointee(Btf btf, int typeId, String where) {
        BtfType t = btf.type(nonVoid(btf.skipModifiers(typeId), where));
        if (!(t instanceof BtfType.Ptr)) {
            throw new BtfFormatException(where + " must be a pointer but is a " + t.kind());
        }
        return ((BtfType.Ptr) t).type();
    }

    private static int nonVoid(int id, String where) {
        if (id == 0) {
            throw new BtfFormatException(where + " has type void");
        }
        return id;
    }
}
