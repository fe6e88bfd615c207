package org.bpf4j.object.btf;

import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * One BTF type. Type ids are positions in a {@link Btf}: the first type is id 1, id 0 is void.
 * Names are plain strings; anonymous types have the name {@code ""}. Every field a record holds
 * is what the on-disk {@code btf_type} and its trailing data hold, so encoding is lossless.
 */
public sealed interface BtfType {

    BtfKind kind();

    /** The type's name, {@code ""} when anonymous or for kinds that carry no name. */
    default String name() {
        return "";
    }

    /** Calls {@code action} with every type id this type refers to. */
    void forEachTypeRef(IntConsumer action);

    /** {@code BTF_KIND_INT}. {@code encoding} is 0 (unsigned) or one of {@link #SIGNED}, {@link #CHAR}, {@link #BOOL}. */
    record Int(String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1;
        public static final int CHAR = 2;
        public static final int BOOL = 4;

        public Int {
            Objects.requireNonNull(name, "name");
            if (encoding != 0 && encoding != SIGNED && encoding != CHAR && encoding != BOOL) {
                throw new IllegalArgumentException("int encoding " + encoding + " is not one of 0, SIGNED, CHAR, BOOL");
            }
            checkRange("int bit offset", bitOffset, 0, 0xff);
            checkRange("int bits", bits, 0, 0xff);
        }

        /** A plain integer of {@code size} bytes using all its bits. */
        public static Int of(String name, int size, boolean signed) {
            return new Int(name, size, signed ? SIGNED : 0, 0, size * 8);
        }

        public boolean signed() {
            return (encoding & SIGNED) != 0;
        }

        public BtfKind kind() {
            return BtfKind.INT;
        }

        public void forEachTypeRef(IntConsumer action) {
        }
    }

    record Ptr(int type) implements BtfType {
        public BtfKind kind() {
            return BtfKind.PTR;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    /** {@code BTF_KIND_ARRAY}: {@code length} elements of {@code elementType}, indexed by {@code indexType}. */
    record Array(int elementType, int indexType, int length) implements BtfType {
        public BtfKind kind() {
            return BtfKind.ARRAY;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(elementType);
            action.accept(indexType);
        }
    }

    /**
     * A struct or union member. {@code bitfieldSize} is 0 for ordinary members; members with a
     * non-zero size need their aggregate's {@code bitfieldOffsets} (BTF kind_flag) set.
     */
    record Member(String name, int type, int bitOffset, int bitfieldSize) {
        public Member {
            Objects.requireNonNull(name, "name");
            checkRange("bitfield size", bitfieldSize, 0, 0xff);
        }

        public static Member of(String name, int type, int bitOffset) {
            return new Member(name, type, bitOffset, 0);
        }

        public static Member bitfield(String name, int type, int bitOffset, int bits) {
            return new Member(name, type, bitOffset, bits);
        }
    }

    /** Struct and union share their layout. */
    sealed interface Composite extends BtfType {
        int size();

        List<Member> members();

        /** BTF kind_flag: member offsets pack {@code bitfieldSize << 24 | bitOffset}. */
        boolean bitfieldOffsets();
    }

    record Struct(String name, int size, List<Member> members, boolean bitfieldOffsets) implements Composite {
        public Struct {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
            checkMembers(members, bitfieldOffsets);
        }

        public BtfKind kind() {
            return BtfKind.STRUCT;
        }

        public void forEachTypeRef(IntConsumer action) {
            members.forEach(m -> action.accept(m.type()));
        }
    }

    record Union(String name, int size, List<Member> members, boolean bitfieldOffsets) implements Composite {
        public Union {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
            checkMembers(members, bitfieldOffsets);
        }

        public BtfKind kind() {
            return BtfKind.UNION;
        }

        public void forEachTypeRef(IntConsumer action) {
            members.forEach(m -> action.accept(m.type()));
        }
    }

    /** An enumerator of a 32-bit {@link Enum}; {@code value} is the raw 32 bits. */
    record EnumValue(String name, int value) {
        public EnumValue {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code BTF_KIND_ENUM}; {@code signed} is the BTF kind_flag. */
    record Enum(String name, int size, boolean signed, List<EnumValue> values) implements BtfType {
        public Enum {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        public BtfKind kind() {
            return BtfKind.ENUM;
        }

        public void forEachTypeRef(IntConsumer action) {
        }
    }

    record Enum64Value(String name, long value) {
        public Enum64Value {
            Objects.requireNonNull(name, "name");
        }
    }

    record Enum64(String name, int size, boolean signed, List<Enum64Value> values) implements BtfType {
        public Enum64 {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        public BtfKind kind() {
            return BtfKind.ENUM64;
        }

        public void forEachTypeRef(IntConsumer action) {
        }
    }

    /** A forward declaration of a struct, or of a union when {@code union} (the kind_flag). */
    record Fwd(String name, boolean union) implements BtfType {
        public Fwd {
            Objects.requireNonNull(name, "name");
        }

        public BtfKind kind() {
            return BtfKind.FWD;
        }

        public void forEachTypeRef(IntConsumer action) {
        }
    }

    record Typedef(String name, int type) implements BtfType {
        public Typedef {
            Objects.requireNonNull(name, "name");
        }

        public BtfKind kind() {
            return BtfKind.TYPEDEF;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    record Volatile(int type) implements BtfType {
        public BtfKind kind() {
            return BtfKind.VOLATILE;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    record Const(int type) implements BtfType {
        public BtfKind kind() {
            return BtfKind.CONST;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    record Restrict(int type) implements BtfType {
        public BtfKind kind() {
            return BtfKind.RESTRICT;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    /** {@code BTF_KIND_FUNC}: a function named {@code name} whose signature is the FUNC_PROTO {@code proto}. */
    record Func(String name, int proto, Linkage linkage) implements BtfType {
        public Func {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(linkage, "linkage");
        }

        public BtfKind kind() {
            return BtfKind.FUNC;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(proto);
        }
    }

    /** A FUNC_PROTO parameter; a trailing parameter with name "" and type 0 means varargs. */
    record Param(String name, int type) {
        public Param {
            Objects.requireNonNull(name, "name");
        }
    }

    record FuncProto(int returnType, List<Param> params) implements BtfType {
        public FuncProto {
            params = List.copyOf(params);
        }

        public BtfKind kind() {
            return BtfKind.FUNC_PROTO;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(returnType);
            params.forEach(p -> action.accept(p.type()));
        }
    }

    record Var(String name, int type, Linkage linkage) implements BtfType {
        public Var {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(linkage, "linkage");
        }

        public BtfKind kind() {
            return BtfKind.VAR;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    /** A variable (or function, for {@code .ksyms}) placed at {@code offset} in a {@link Datasec}. */
    record VarSecInfo(int type, int offset, int size) {
    }

    /** {@code BTF_KIND_DATASEC}: an ELF data section ({@code .data}, {@code .maps}, ...) and its variables. */
    record Datasec(String name, int size, List<VarSecInfo> vars) implements BtfType {
        public Datasec {
            Objects.requireNonNull(name, "name");
            vars = List.copyOf(vars);
        }

        public BtfKind kind() {
            return BtfKind.DATASEC;
        }

        public void forEachTypeRef(IntConsumer action) {
            vars.forEach(v -> action.accept(v.type()));
        }
    }

    record Float(String name, int size) implements BtfType {
        public Float {
            Objects.requireNonNull(name, "name");
        }

        public BtfKind kind() {
            return BtfKind.FLOAT;
        }

        public void forEachTypeRef(IntConsumer action) {
        }
    }

    /**
     * {@code BTF_KIND_DECL_TAG}: tag text {@code name} on {@code type}, or on its member/parameter
     * {@code componentIndex} (-1 for the type itself). {@code attribute} is the kind_flag.
     */
    record DeclTag(String name, int type, int componentIndex, boolean attribute) implements BtfType {
        public DeclTag {
            Objects.requireNonNull(name, "name");
        }

        public BtfKind kind() {
            return BtfKind.DECL_TAG;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    /** {@code BTF_KIND_TYPE_TAG}: tag text {@code name} on {@code type}; {@code attribute} is the kind_flag. */
    record TypeTag(String name, int type, boolean attribute) implements BtfType {
        public TypeTag {
            Objects.requireNonNull(name, "name");
        }

        public BtfKind kind() {
            return BtfKind.TYPE_TAG;
        }

        public void forEachTypeRef(IntConsumer action) {
            action.accept(type);
        }
    }

    private static void checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside " + min + ".." + max);
        }
    }

    private static void checkMembers(List<Member> members, boolean bitfieldOffsets) {
        for (Member m : members) {
            if (bitfieldOffsets) {
                checkRange("bit offset of member '" + m.name() + "'", m.bitOffset(), 0, 0xffffff);
            } else if (m.bitfieldSize() != 0) {
                throw new IllegalArgumentException("bitfield member '" + m.name()
                        + "' needs an aggregate with bitfieldOffsets (kind_flag) set");
            }
        }
    }
}
