package org.bpf4j.object.btf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable BTF type graph with its string table: the content of a {@code .BTF} section or of
 * {@code /sys/kernel/btf/vmlinux}. Type ids start at 1; id 0 is void. Build one with
 * {@link BtfBuilder}, read one with {@link #parse}, write one with {@link #encode}.
 */
public final class Btf {
    static final int MAGIC = 0xeb9f;
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 24;

    private final List<BtfType> types;
    private final BtfStringTable strings;
    private volatile Map<String, int[]> idsByName;

    Btf(List<BtfType> types, BtfStringTable strings) {
        this.types = Collections.unmodifiableList(types);
        this.strings = strings;
    }

    /** Parses a {@code .BTF} blob; malformed input fails with {@link BtfFormatException}. */
    public static Btf parse(byte[] data) {
        return BtfReader.read(data);
    }

    /** Encodes as a {@code .BTF} section: header, types, strings. A parsed blob re-encodes byte for byte. */
    public byte[] encode() {
        return BtfWriter.write(this);
    }

    /** The largest type id; ids {@code 1..maxId()} are valid. */
    public int maxId() {
        return types.size();
    }

    /** All types, element {@code i} having id {@code i + 1}. */
    public List<BtfType> types() {
        return types;
    }

    /** The type with this id; void (0) has no {@link BtfType}. */
    public BtfType type(int id) {
        if (id <= 0 || id > types.size()) {
            throw new IllegalArgumentException("no BTF type with id " + id + " (valid ids are 1.." + types.size() + ")");
        }
        return types.get(id - 1);
    }

    /** The type with this id, which must be of class {@code kind}. */
    public <T extends BtfType> T type(int id, Class<T> kind) {
        BtfType t = type(id);
        if (!kind.isInstance(t)) {
            throw new IllegalArgumentException("BTF type #" + id + " '" + t.name() + "' is a " + t.kind()
                    + ", not a " + kind.getSimpleName());
        }
        return kind.cast(t);
    }

    public BtfStringTable strings() {
        return strings;
    }

    /** Ids of all types named {@code name}, in id order. */
    public List<Integer> findIds(String name) {
        int[] ids = nameIndex().get(name);
        List<Integer> result = new ArrayList<>(ids == null ? 0 : ids.length);
        if (ids != null) {
            for (int id : ids) {
                result.add(id);
            }
        }
        return result;
    }

    /** The id of the first type named {@code name} of kind {@code kind}. */
    public OptionalInt findId(String name, BtfKind kind) {
        int[] ids = nameIndex().get(name);
        if (ids != null) {
            for (int id : ids) {
                if (types.get(id - 1).kind() == kind) {
                    return OptionalInt.of(id);
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Follows typedef, const, volatile, restrict and type_tag links from {@code id} to the first
     * other type (or void, 0). Terminates because a {@code Btf} has no cycles through such links.
     */
    public int skipModifiers(int id) {
        int current = id;
        while (current != 0) {
            BtfType t = type(current);
            int next;
            if (t instanceof BtfType.Typedef) {
                next = ((BtfType.Typedef) t).type();
            } else if (t instanceof BtfType.Const) {
                next = ((BtfType.Const) t).type();
            } else if (t instanceof BtfType.Volatile) {
                next = ((BtfType.Volatile) t).type();
            } else if (t instanceof BtfType.Restrict) {
                next = ((BtfType.Restrict) t).type();
            } else if (t instanceof BtfType.TypeTag) {
                next = ((BtfType.TypeTag) t).type();
            } else {
                return current;
            }
            current = next;
        }
        return 0;
    }

    /** Size in bytes of a value of type {@code id}, as C's {@code sizeof}. */
    public long sizeOf(int id) {
        int current = id;
        long multiplier = 1;
        while (true) {
            current = skipModifiers(current);
            if (current == 0) {
                throw new IllegalArgumentException("BTF type #" + id + " has no size (void)");
            }
            BtfType t = type(current);
            switch (t.kind()) {
                case INT:
                    return multiplier * ((BtfType.Int) t).size();
                case PTR:
                    return multiplier * 8;
                case STRUCT:
                case UNION:
                    return multiplier * ((BtfType.Composite) t).size();
                case ENUM:
                    return multiplier * ((BtfType.Enum) t).size();
                case ENUM64:
                    return multiplier * ((BtfType.Enum64) t).size();
                case FLOAT:
                    return multiplier * ((BtfType.Float) t).size();
                case DATASEC:
                    return multiplier * ((BtfType.Datasec) t).size();
                case VAR:
                    current = ((BtfType.Var) t).type();
                    break;
                case ARRAY: {
                    BtfType.Array a = (BtfType.Array) t;
                    multiplier *= Integer.toUnsignedLong(a.length());
                    current = a.elementType();
                    break;
                }
                default:
                    throw new IllegalArgumentException("BTF type #" + id + " (" + t.kind() + " '" + t.name()
                            + "') has no size");
            }
        }
    }

    private Map<String, int[]> nameIndex() {
        Map<String, int[]> index = idsByName;
        if (index == null) {
            Map<String, List<Integer>> lists = new HashMap<>();
            for (int i = 0; i < types.size(); i++) {
                String name = types.get(i).name();
                if (!name.isEmpty()) {
                    lists.computeIfAbsent(name, k -> new ArrayList<>(1)).add(i + 1);
                }
            }
            index = new HashMap<>(lists.size() * 2);
            for (Map.Entry<String, List<Integer>> e : lists.entrySet()) {
                index.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
            }
            idsByName = index;
        }
        return index;
    }

    @Override
    public String toString() {
        return "Btf[" + types.size() + " types, " + strings.size() + " string bytes]";
    }
}
