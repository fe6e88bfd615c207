package org.bpf4j.processor.lower;

import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import org.bpf4j.annotation.Bits;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.Embedded;
import org.bpf4j.annotation.KernelEnum;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.annotation.Size;
import org.bpf4j.compiler.ir.Module;

/**
 * The {@code @KernelStruct} classes code of one class reads, modelled once each, together with
 * the structs their pointer and embedded members lead to, and the {@code @KernelEnum}s it asks
 * about; all of them are declared in the module (BTF local types for CO-RE).
 */
final class KernelStructs {
    /** A declared kernel struct: its C name, members in declaration order and local layout. */
    record Model(TypeElement element, String cName, List<Member> members, int size, int align) {
        /** The C name without a {@code ___flavor} suffix: what libbpf matches against the kernel. */
        String essentialName() {
            return KernelStructs.essentialName(cName);
        }

        boolean isFlavor() {
            return !essentialName().equals(cName);
        }

        org.bpf4j.compiler.ir.KernelStruct ir() {
            List<org.bpf4j.compiler.ir.KernelStruct.Field> fields = new ArrayList<>();
            for (Member m : members) fields.add(new org.bpf4j.compiler.ir.KernelStruct.Field(m.cName(), m.type(), m.offset()));
            return new org.bpf4j.compiler.ir.KernelStruct(cName, size, fields);
        }

        Optional<Member> member(VariableElement field) {
            return members.stream().filter(m -> m.field().equals(field)).findFirst();
        }
    }

    /**
     * A member: {@code index} counts members as CO-RE access strings do; {@code struct} is the
     * struct a pointer member points to or an {@code @Embedded} member holds.
     */
    record Member(VariableElement field, String cName, int index, int offset,
                  org.bpf4j.compiler.ir.KernelStruct.FieldType type, TypeKind kind, TypeElement struct) {
        boolean isPointer() {
            return type instanceof org.bpf4j.compiler.ir.KernelStruct.Pointer;
        }

        boolean isEmbedded() {
            return type instanceof org.bpf4j.compiler.ir.KernelStruct.Embedded;
        }

        boolean isChars() {
            return type instanceof org.bpf4j.compiler.ir.KernelStruct.Chars;
        }

        boolean isString() {
            return type instanceof org.bpf4j.compiler.ir.KernelStruct.CharPointer;
        }

        boolean isBitfield() {
            return type instanceof org.bpf4j.compiler.ir.KernelStruct.Bits;
        }
    }

    /** A constant of a {@code @KernelEnum}: its enum and its position among the declared enumerators. */
    record Enumerator(org.bpf4j.compiler.ir.KernelEnum type, int index) {}

    private final Map<TypeElement, Model> models = new LinkedHashMap<>();
    /** Structs whose layout is being computed: one reached again embeds itself. */
    private final Set<TypeElement> laying = new HashSet<>();
    private final Map<TypeElement, org.bpf4j.compiler.ir.KernelEnum> enums = new LinkedHashMap<>();
    /** Context structs read by CO-RE ({@code bpf_iter__<target>}), by local name. */
    private final Map<String, org.bpf4j.compiler.ir.KernelStruct> contexts = new LinkedHashMap<>();

    /** A C type name without its {@code ___flavor} suffix, as libbpf matches names. */
    static String essentialName(String cName) {
        int flavor = cName.indexOf("___");
        return flavor < 0 ? cName : cName.substring(0, flavor);
    }

    static boolean isKernelEnumConstant(Element e) {
        return e.getKind() == ElementKind.ENUM_CONSTANT && e.getEnclosingElement().getAnnotation(KernelEnum.class) != null;
    }

    /** The enumerator a {@code @KernelEnum} constant declares; enumerators are named by {@link CName} or the Java name. */
    Enumerator enumerator(VariableElement constant) {
        TypeElement owner = (TypeElement) constant.getEnclosingElement();
        return new Enumerator(kernelEnum(owner), constants(owner).indexOf(constant));
    }

    /** The {@code @KernelEnum} {@code owner}, declared with all its constants as enumerators. */
    private org.bpf4j.compiler.ir.KernelEnum kernelEnum(TypeElement owner) {
        return enums.computeIfAbsent(owner, o -> new org.bpf4j.compiler.ir.KernelEnum(
                o.getAnnotation(KernelEnum.class).value(), constants(o).stream().map(KernelStructs::cName).toList()));
    }

    private static List<VariableElement> constants(TypeElement owner) {
        return ElementFilter.fieldsIn(owner.getEnclosedElements()).stream()
                .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT).map(f -> (VariableElement) f).toList();
    }

    static boolean isKernelEnum(TypeMirror type) {
        return type instanceof DeclaredType d && d.asElement().getAnnotation(KernelEnum.class) != null;
    }

    private static String cName(VariableElement field) {
        CName rename = field.getAnnotation(CName.class);
        return rename != null ? rename.value() : field.getSimpleName().toString();
    }

    static boolean isKernelStruct(TypeMirror type) {
        return type instanceof DeclaredType d && d.asElement().getAnnotation(KernelStruct.class) != null;
    }

    /** The model of {@code @KernelStruct} type {@code type}; an error at {@code use} when the declaration is not usable. */
    Model of(TypeMirror type, Tree use) {
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        Model known = models.get(element);
        if (known != null) return known;
        if (!laying.add(element)) {
            throw Lowering.error(use, "@KernelStruct " + element.getSimpleName() + " embeds itself by value: a C struct cannot; "
                    + "drop @Embedded from the member that leads back to it (a pointer)");
        }
        List<Member> members = new ArrayList<>();
        List<TypeElement> pointees = new ArrayList<>();
        int offset = 0, align = 1;
        for (VariableElement f : ElementFilter.fieldsIn(element.getEnclosedElements())) {
            if (f.getModifiers().contains(Modifier.STATIC)) continue;
            Member m = member(element, f, members.size(), use);
            int a = m.isChars() ? 1 : m.isEmbedded() ? of(m.struct().asType(), use).align() : Math.min(m.type().size(), 8);
            offset = (offset + a - 1) / a * a;
            members.add(new Member(f, m.cName(), m.index(), offset, m.type(), m.kind(), m.struct()));
            if (m.isPointer()) pointees.add(m.struct());
            offset += m.type().size();
            align = Math.max(align, a);
        }
        laying.remove(element);
        Model model = new Model(element, element.getAnnotation(KernelStruct.class).value(), members,
                (offset + align - 1) / align * align, align);
        for (Model other : models.values()) {
            if (other.cName().equals(model.cName())) {
                throw Lowering.error(use, "@KernelStruct classes " + other.element().getSimpleName() + " and " + element.getSimpleName()
                        + " both declare " + model.cName() + ": one object has one local type per name; use one class, "
                        + "or a flavor name (" + model.cName() + "___name) for the second");
            }
        }
        models.put(element, model);
        for (TypeElement p : pointees) {
            if (!laying.contains(p)) of(p.asType(), use); // a struct embedding this one is modelled when it completes
        }
        return model;
    }

    private Member member(TypeElement owner, VariableElement f, int index, Tree use) {
        String cName = cName(f);
        TypeMirror t = f.asType();
        TypeKind kind = t.getKind();
        Bits bits = f.getAnnotation(Bits.class);
        if (bits != null) return bitfield(owner, f, cName, index, bits.value(), use);
        switch (kind) {
            case BOOLEAN: case BYTE: return scalar(f, cName, index, 1, true, kind);
            case SHORT: return scalar(f, cName, index, 2, true, kind);
            case CHAR: return scalar(f, cName, index, 2, false, kind);
            case INT: return scalar(f, cName, index, 4, true, kind);
            case LONG: return scalar(f, cName, index, 8, true, kind);
            default: break;
        }
        if (isKernelStruct(t)) {
            TypeElement struct = (TypeElement) ((DeclaredType) t).asElement();
            String target = struct.getAnnotation(KernelStruct.class).value();
            if (f.getAnnotation(Embedded.class) != null) {
                int size = of(t, use).size();
                return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Embedded(target, size), TypeKind.DECLARED, struct);
            }
            return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Pointer(target), TypeKind.LONG, struct);
        }
        if (t.toString().equals("java.lang.String") && f.getAnnotation(Embedded.class) == null) {
            return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.CharPointer(), TypeKind.LONG, null);
        }
        if (isKernelEnum(t) && f.getAnnotation(Embedded.class) == null) {
            org.bpf4j.compiler.ir.KernelEnum e = kernelEnum((TypeElement) ((DeclaredType) t).asElement());
            return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Enum(e.name()), TypeKind.INT, null);
        }
        if (f.getAnnotation(Embedded.class) != null) {
            throw Lowering.error(use, "member '" + f.getSimpleName() + "' of @KernelStruct " + owner.getSimpleName()
                    + " is @Embedded but its type " + t + " is no @KernelStruct class: only kernel structs are embedded by value");
        }
        Size size = f.getAnnotation(Size.class);
        if (t instanceof ArrayType a && a.getComponentType().getKind() == TypeKind.BYTE && size != null) {
            return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Chars(size.value()), TypeKind.ARRAY, null);
        }
        throw Lowering.error(use, "member '" + f.getSimpleName() + "' of @KernelStruct " + owner.getSimpleName() + " has type " + t
                + ", which has no kernel equivalent: declare integers as byte/short/char/int/long, pointers as another "
                + "@KernelStruct class, structs by value as an @Embedded @KernelStruct class, char arrays as @Size(n) byte[], bitfields as @Bits(n) integers, "
                + "enums as a @KernelEnum enum, char pointers (kernel strings) as String");
    }

    /**
     * A {@code @Bits} member: its storage unit is the Java type's size, signed but for
     * {@code boolean} and {@code char}; a read asks the loader whether the kernel's field is signed.
     */
    private static Member bitfield(TypeElement owner, VariableElement f, String cName, int index, int width, Tree use) {
        TypeKind kind = f.asType().getKind();
        // javac reported these at the declaration when it compiled the class (KernelStructDeclarations)
        int size = KernelStructDeclarations.size(kind);
        if (size == 0) {
            throw Lowering.error(use, "member '" + f.getSimpleName() + "' of @KernelStruct " + owner.getSimpleName()
                    + " is @Bits but has type " + f.asType() + ": a bitfield is a boolean, byte, short, char, int or long");
        }
        if (width < 1 || width > size * 8) {
            throw Lowering.error(use, "member '" + f.getSimpleName() + "' of @KernelStruct " + owner.getSimpleName() + " is @Bits("
                    + width + "), but a " + kind.toString().toLowerCase() + " holds 1 to " + size * 8 + " bits");
        }
        boolean signed = kind != TypeKind.BOOLEAN && kind != TypeKind.CHAR;
        return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Bits(size, signed, width), kind, null);
    }

    private static Member scalar(VariableElement f, String cName, int index, int size, boolean signed, TypeKind kind) {
        return new Member(f, cName, index, 0, new org.bpf4j.compiler.ir.KernelStruct.Scalar(size, signed), kind, null);
    }

    /**
     * The local name of context struct {@code name} with {@code fields} (8-byte slots): the name
     * itself, or a flavor of it when another program of the class reads other members of it.
     */
    String declareContext(String name, List<org.bpf4j.compiler.ir.KernelStruct.Field> fields) {
        for (int n = 0; ; n++) {
            String local = n == 0 ? name : name + "___" + n;
            org.bpf4j.compiler.ir.KernelStruct known = contexts.get(local);
            if (known == null) {
                contexts.put(local, new org.bpf4j.compiler.ir.KernelStruct(local, 8 * fields.size(), fields));
                return local;
            }
            if (known.fields().equals(fields)) return local;
        }
    }

    /** Declares every modelled struct and enum in the module, for BTF. */
    void declareIn(Module module) {
        for (org.bpf4j.compiler.ir.KernelStruct c : contexts.values()) {
            if (module.kernelStruct(c.name()) == null) module.addKernelStruct(c);
        }
        for (Model m : models.values()) {
            if (module.kernelStruct(m.cName()) == null) module.addKernelStruct(m.ir());
        }
        for (org.bpf4j.compiler.ir.KernelEnum e : enums.values()) {
            if (module.kernelEnum(e.name()) == null) module.addKernelEnum(e);
        }
    }
}
