package org.bpf4j.processor.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import org.bpf4j.lang.spi.CLayout;

/**
 * Builds the model of {@code @BpfStruct} classes, once per class: members in declaration
 * order, nested structs embedded by value, {@code @Size(n)} arrays inline, placed by
 * {@link CLayout} (the algorithm {@code org.bpf4j.lang.StructLayout} uses on the JVM). Problems
 * are reported at the offending element; the struct then has no model.
 */
public final class StructModels {
    private final Messager messager;
    private final Mirrors mirrors;
    private final Map<TypeElement, Optional<StructModel>> done = new HashMap<>();
    private final Set<TypeElement> inProgress = new HashSet<>();

    public StructModels(Elements elements, Messager messager) {
        this.messager = messager;
        this.mirrors = new Mirrors(elements);
    }

    public boolean isStruct(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                && isStruct((TypeElement) ((DeclaredType) type).asElement());
    }

    public boolean isStruct(TypeElement element) {
        return mirrors.has(element, LangNames.BPF_STRUCT);
    }

    /** The layout of a {@code @BpfStruct} type; empty (with errors reported) when it has none. */
    public Optional<StructModel> layoutOf(TypeElement struct) {
        Optional<StructModel> known = done.get(struct);
        if (known != null) {
            return known;
        }
        if (!inProgress.add(struct)) {
            error(struct, "@BpfStruct " + struct.getSimpleName()
                    + " contains itself: C structs cannot embed themselves by value");
            return Optional.empty();
        }
        Optional<StructModel> layout = compute(struct);
        inProgress.remove(struct);
        done.put(struct, layout);
        return layout;
    }

    private Optional<StructModel> compute(TypeElement struct) {
        boolean ok = checkClass(struct);
        List<VariableElement> fields = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(struct.getEnclosedElements())) {
            if (field.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            Optional<Member> member = member(field);
            if (member.isEmpty()) {
                ok = false;
                continue;
            }
            fields.add(field);
            members.add(member.get());
        }
        if (ok && fields.isEmpty()) {
            error(struct, "@BpfStruct " + struct.getSimpleName()
                    + " has no instance fields: C has no empty structs; add a member");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        CLayout c = CLayout.of(members.stream().map(Member::inC).toList());
        List<FieldLayout> placed = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            placed.add(new FieldLayout(fields.get(i), fields.get(i).getSimpleName().toString(),
                    c.offsets().get(i), m.inC().size(), m.elementType, m.arrayLength, m.nested));
        }
        return Optional.of(new StructModel(struct, placed, c.size(), c.alignment(),
                networkOrder(struct)));
    }

    private boolean networkOrder(TypeElement struct) {
        return mirrors.find(struct, LangNames.BPF_STRUCT)
                .map(m -> (Boolean) mirrors.value(m, "networkOrder"))
                .orElse(false);
    }

    private boolean checkClass(TypeElement struct) {
        if (struct.getKind() != ElementKind.CLASS) {
            error(struct, "@BpfStruct must be on a class (it was on a "
                    + struct.getKind().toString().toLowerCase() + ")");
            return false;
        }
        if (struct.getNestingKind() == NestingKind.MEMBER
                && !struct.getModifiers().contains(Modifier.STATIC)) {
            error(struct, "@BpfStruct " + struct.getSimpleName()
                    + " must be a static nested class: an inner class carries a hidden outer "
                    + "reference that has no C layout");
            return false;
        }
        if (struct.getModifiers().contains(Modifier.PRIVATE)) {
            error(struct, "@BpfStruct " + struct.getSimpleName() + " must not be private: "
                    + "the generated skeleton encodes and decodes it");
            return false;
        }
        boolean hasConstructor = ElementFilter.constructorsIn(struct.getEnclosedElements()).stream()
                .anyMatch(c -> c.getParameters().isEmpty()
                        && !c.getModifiers().contains(Modifier.PRIVATE));
        if (!hasConstructor) {
            error(struct, "@BpfStruct " + struct.getSimpleName() + " needs a no-argument "
                    + "constructor that is not private: codecs create instances when decoding");
            return false;
        }
        if (struct.getNestingKind() == NestingKind.LOCAL
                || struct.getNestingKind() == NestingKind.ANONYMOUS) {
            error(struct, "@BpfStruct must be a top-level or static nested class");
            return false;
        }
        return true;
    }

    private record Member(TypeMirror elementType, int elementSize, int alignment, int arrayLength,
            Optional<StructModel> nested) {
        /** The member as the shared layout algorithm sees it. */
        CLayout.Member inC() {
            return new CLayout.Member(elementSize, alignment, Math.max(1, arrayLength));
        }
    }

    private Optional<Member> member(VariableElement field) {
        TypeMirror type = field.asType();
        if (field.getModifiers().contains(Modifier.PRIVATE)
                || field.getModifiers().contains(Modifier.FINAL)) {
            error(field, "struct member '" + field.getSimpleName() + "' must be neither private "
                    + "nor final: the generated codec reads and writes it");
            return Optional.empty();
        }
        Optional<Integer> declaredLength = mirrors.find(field, LangNames.SIZE)
                .map(m -> mirrors.intValue(m, "value"));
        if (type.getKind() == TypeKind.ARRAY) {
            TypeMirror component = ((ArrayType) type).getComponentType();
            if (declaredLength.isEmpty()) {
                error(field, "array member '" + field.getSimpleName() + "' needs a fixed length: "
                        + "C structs hold arrays inline; annotate it with @Size(n)");
                return Optional.empty();
            }
            int length = declaredLength.get();
            if (length <= 0) {
                error(field, "@Size of '" + field.getSimpleName() + "' must be positive, was "
                        + length);
                return Optional.empty();
            }
            if (component.getKind() == TypeKind.ARRAY) {
                error(field, "array member '" + field.getSimpleName() + "' is multi-dimensional: "
                        + "use a one-dimensional @Size array or an array of @BpfStruct");
                return Optional.empty();
            }
            return element(field, component).map(
                    e -> new Member(component, e.elementSize, e.alignment, length, e.nested));
        }
        if (declaredLength.isPresent()) {
            error(field, "@Size applies to array members only; '" + field.getSimpleName()
                    + "' is a " + type);
            return Optional.empty();
        }
        return element(field, type);
    }

    private Optional<Member> element(VariableElement field, TypeMirror type) {
        Optional<Integer> scalar = Scalars.size(type.getKind());
        if (scalar.isPresent()) {
            return Optional.of(new Member(type, scalar.get(), scalar.get(), 0, Optional.empty()));
        }
        if (isStruct(type)) {
            Optional<StructModel> nested = layoutOf((TypeElement) ((DeclaredType) type).asElement());
            return nested.map(n -> new Member(type, n.size(), n.alignment(), 0, nested));
        }
        String why = type.getKind() == TypeKind.FLOAT || type.getKind() == TypeKind.DOUBLE
                ? "BPF has no floating point; store the bits in an int or long"
                : "use a primitive (byte, short, char, int, long, boolean), a @BpfStruct class "
                        + "or a @Size array of those";
        error(field, "member '" + field.getSimpleName() + "' of type " + type
                + " has no C layout: " + why);
        return Optional.empty();
    }

    private void error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
