package org.bpf4j.processor.lower;

import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import org.bpf4j.annotation.Bits;
import org.bpf4j.annotation.CName;
import org.bpf4j.annotation.KernelStruct;
import org.bpf4j.object.btf.BtfType;

/**
 * Checks of a {@code @KernelStruct} class that need no read of it, reported at the declaration
 * when javac processes the class: a {@code @Bits} member's Java type and width, and the width
 * against the build machine's kernel BTF when it has one (the kernel a program runs on is
 * checked again at load).
 */
public final class KernelStructDeclarations {
    private KernelStructDeclarations() {}

    /** Reports the bad {@code @Bits} members of {@code type}, if it is a {@code @KernelStruct}. */
    public static void check(TypeElement type, Messager messager) {
        KernelStruct struct = type.getAnnotation(KernelStruct.class);
        if (struct == null) return;
        for (VariableElement f : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Bits bits = f.getAnnotation(Bits.class);
            if (bits == null || f.getModifiers().contains(Modifier.STATIC)) continue;
            AnnotationMirror annotation = f.getAnnotationMirrors().stream()
                    .filter(a -> a.getAnnotationType().toString().equals(Bits.class.getName())).findFirst().orElseThrow();
            AnnotationValue width = annotation.getElementValues().values().iterator().next();
            int size = size(f.asType().getKind());
            if (size == 0) {
                messager.printMessage(Diagnostic.Kind.ERROR, "@Bits member '" + f.getSimpleName() + "' of @KernelStruct "
                        + type.getSimpleName() + " has type " + f.asType() + ": a bitfield is a boolean, byte, short, char, int or long",
                        f, annotation);
            } else if (bits.value() < 1 || bits.value() > size * 8) {
                messager.printMessage(Diagnostic.Kind.ERROR, "member '" + f.getSimpleName() + "' of @KernelStruct "
                        + type.getSimpleName() + " is @Bits(" + bits.value() + "), but a " + f.asType() + " holds 1 to " + size * 8
                        + " bits", f, annotation, width);
            } else {
                otherWidthInKernel(struct.value(), f, bits.value()).ifPresent(why ->
                        messager.printMessage(Diagnostic.Kind.ERROR, why, f, annotation, width));
            }
        }
    }

    /** Why {@code @Bits(width)} member {@code f} of C struct {@code cStruct} differs from the build machine's kernel. */
    private static Optional<String> otherWidthInKernel(String cStruct, VariableElement f, int width) {
        if (cStruct.contains("___") || !BuildMachineBtf.present()) return Optional.empty();
        CName rename = f.getAnnotation(CName.class);
        String cName = rename != null ? rename.value() : f.getSimpleName().toString();
        Optional<BtfType.Member> kernel = BuildMachineBtf.composite(cStruct).flatMap(c -> BuildMachineBtf.member(c, cName));
        // a missing member, or one that is no bitfield, is reported where it is read
        if (kernel.isEmpty() || kernel.get().bitfieldSize() == 0 || kernel.get().bitfieldSize() == width) return Optional.empty();
        return Optional.of("member '" + cName + "' of struct " + cStruct + " is a bitfield of " + kernel.get().bitfieldSize()
                + " bits in this machine's kernel, not " + width + ": annotate the Java member @Bits(" + kernel.get().bitfieldSize() + ")");
    }

    /** The storage unit a {@code @Bits} member of this Java type reads, 0 for no integer. */
    static int size(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN, BYTE -> 1;
            case SHORT, CHAR -> 2;
            case INT -> 4;
            case LONG -> 8;
            default -> 0;
        };
    }
}
