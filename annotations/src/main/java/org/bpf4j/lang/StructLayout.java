package org.bpf4j.lang;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.spi.CLayout;

/**
 * The C layout of a {@link BpfStruct} class: its members found by reflection, placed by
 * {@link CLayout} (the algorithm the processor uses too), following the rules documented on
 * {@code @BpfStruct}. Fields are taken in declaration order as reported by
 * {@link Class#getDeclaredFields()} (HotSpot and OpenJ9 keep source order).
 */
public final class StructLayout {
    /** How a member is stored. */
    public enum Kind { SCALAR, SCALAR_ARRAY, STRUCT, STRUCT_ARRAY }

    /**
     * One member: its field, byte offset, size of one element, element count (1 unless an
     * array), and the nested layout for struct members.
     */
    public record Member(Field field, Kind kind, int offset, int elementSize, int count,
            StructLayout nested) {
        /** Total bytes the member occupies. */
        public int size() {
            return elementSize * count;
        }
    }

    private static final Map<Class<?>, StructLayout> CACHE = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final List<Member> members;
    private final int size;
    private final int alignment;
    private final boolean networkOrder;

    private StructLayout(Class<?> type, List<Member> members, int size, int alignment, boolean networkOrder) {
        this.type = type;
        this.members = members;
        this.size = size;
        this.alignment = alignment;
        this.networkOrder = networkOrder;
    }

    /**
     * The layout of a {@code @BpfStruct} class.
     *
     * @throws IllegalArgumentException naming the class and field when the class or a field
     *     type breaks the rules
     */
    public static StructLayout of(Class<?> type) {
        StructLayout cached = CACHE.get(type);
        if (cached != null) {
            return cached;
        }
        StructLayout layout = compute(type, new ArrayList<>());
        CACHE.putIfAbsent(type, layout);
        return layout;
    }

    private static StructLayout compute(Class<?> type, List<Class<?>> enclosing) {
        BpfStruct annotation = type.getAnnotation(BpfStruct.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated @BpfStruct");
        }
        if (enclosing.contains(type)) {
            throw new IllegalArgumentException(type.getName() + " contains itself");
        }
        enclosing.add(type);
        List<Member> unplaced = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                unplaced.add(member(type, field, enclosing));
            }
        }
        enclosing.remove(type);
        if (unplaced.isEmpty()) {
            throw new IllegalArgumentException("@BpfStruct " + type.getName() + " has no instance fields");
        }
        CLayout c = CLayout.of(unplaced.stream().map(StructLayout::inC).toList());
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < unplaced.size(); i++) {
            Member m = unplaced.get(i);
            members.add(new Member(m.field(), m.kind(), c.offsets().get(i), m.elementSize(), m.count(), m.nested()));
        }
        return new StructLayout(type, Collections.unmodifiableList(members), c.size(), c.alignment(),
                annotation.networkOrder());
    }

    /** The member as the shared layout algorithm sees it. */
    private static CLayout.Member inC(Member member) {
        int alignment = member.nested() != null ? member.nested().alignment() : member.elementSize();
        return new CLayout.Member(member.elementSize(), alignment, member.count());
    }

    private static Member member(Class<?> owner, Field field, List<Class<?>> enclosing) {
        Class<?> fieldType = field.getType();
        Size size = field.getAnnotation(Size.class);
        if (fieldType.isArray()) {
            if (size == null || size.value() <= 0) {
                throw new IllegalArgumentException(where(owner, field) + " is an array and needs @Size(n) with n > 0");
            }
            Class<?> element = fieldType.getComponentType();
            int scalar = scalarSize(element);
            if (scalar > 0) {
                return new Member(field, Kind.SCALAR_ARRAY, 0, scalar, size.value(), null);
            }
            if (element.isAnnotationPresent(BpfStruct.class)) {
                StructLayout nested = compute(element, enclosing);
                return new Member(field, Kind.STRUCT_ARRAY, 0, nested.size(), size.value(), nested);
            }
            throw new IllegalArgumentException(where(owner, field) + ": arrays of " + element.getName()
                    + " are not allowed in a @BpfStruct");
        }
        if (size != null) {
            throw new IllegalArgumentException(where(owner, field) + " has @Size but is not an array");
        }
        int scalar = scalarSize(fieldType);
        if (scalar > 0) {
            return new Member(field, Kind.SCALAR, 0, scalar, 1, null);
        }
        if (fieldType.isAnnotationPresent(BpfStruct.class)) {
            StructLayout nested = compute(fieldType, enclosing);
            return new Member(field, Kind.STRUCT, 0, nested.size(), 1, nested);
        }
        throw new IllegalArgumentException(where(owner, field) + " has type " + fieldType.getName()
                + ", not allowed in a @BpfStruct (use byte, short, char, int, long, @Size arrays or @BpfStruct classes)");
    }

    /** Size of a scalar field type, 0 when the type is not a scalar. */
    static int scalarSize(Class<?> type) {
        if (type == byte.class || type == boolean.class) {
            return 1;
        } else if (type == short.class || type == char.class) {
            return 2;
        } else if (type == int.class) {
            return 4;
        } else if (type == long.class) {
            return 8;
        }
        return 0;
    }

    private static String where(Class<?> owner, Field field) {
        return "field " + owner.getName() + "." + field.getName();
    }

    /** The struct class. */
    public Class<?> type() {
        return type;
    }

    /** Members in layout order. */
    public List<Member> members() {
        return members;
    }

    /** {@code sizeof}, trailing padding included. */
    public int size() {
        return size;
    }

    /** The struct's alignment: its largest member alignment. */
    public int alignment() {
        return alignment;
    }

    /** Whether multi-byte scalars are big-endian in memory. */
    public boolean networkOrder() {
        return networkOrder;
    }

    /** The member named {@code name}. */
    public Member member(String name) {
        for (Member member : members) {
            if (member.field().getName().equals(name)) {
                return member;
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no field " + name);
    }
}
