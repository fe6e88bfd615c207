package org.bpf4j.processor.lower.source;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.Helper;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;
import org.bpf4j.lang.BpfContext;

/**
 * The language's data tables, read from the annotations on the symbols the compiler meets:
 * helper numbers ({@code @Helper}), intrinsic operations ({@code @Intrinsic}), context members
 * ({@code @CtxField}) and struct classes ({@code @BpfStruct}). Nothing here is repeated from
 * {@code org.bpf4j.lang}.
 */
public final class LangSymbols {

    private LangSymbols() {}

    public static Optional<Helper> helper(Element method) {
        return Optional.ofNullable(method.getAnnotation(Helper.class));
    }

    public static Optional<IntrinsicOp> intrinsic(Element method) {
        return Optional.ofNullable(method.getAnnotation(Intrinsic.class)).map(Intrinsic::value);
    }

    public static Optional<CtxField> ctxField(Element field) {
        return Optional.ofNullable(field.getAnnotation(CtxField.class));
    }

    public static boolean isStruct(TypeMirror type) {
        return asType(type).map(t -> t.getAnnotation(BpfStruct.class) != null).orElse(false);
    }

    public static boolean networkOrder(TypeElement struct) {
        BpfStruct s = struct.getAnnotation(BpfStruct.class);
        return s != null && s.networkOrder();
    }

    /** A program context class ({@code XdpContext}, {@code SkBuffContext}, ...): it implements {@link BpfContext}. */
    public static boolean isContext(TypeMirror type) {
        Optional<TypeElement> t = asType(type);
        if (t.isEmpty()) {
            return false;
        }
        if (t.get().getQualifiedName().contentEquals(BpfContext.class.getName())) {
            return true;
        }
        for (TypeMirror i : t.get().getInterfaces()) {
            if (isContext(i)) {
                return true;
            }
        }
        return isContext(t.get().getSuperclass());
    }

    public static Optional<TypeElement> asType(TypeMirror type) {
        if (type == null || type.getKind() != TypeKind.DECLARED) {
            return Optional.empty();
        }
        Element e = ((DeclaredType) type).asElement();
        return e instanceof TypeElement t ? Optional.of(t) : Optional.empty();
    }
}
