package org.bpf4j.processor.model;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads annotations through their mirrors. Mirrors (rather than {@code getAnnotation}) give
 * the values javac actually parsed, defaults included, without loading user classes.
 */
final class Mirrors {
    private final Elements elements;

    Mirrors(Elements elements) {
        this.elements = elements;
    }

    Optional<AnnotationMirror> find(Element element, String annotationName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotationName)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    boolean has(Element element, String annotationName) {
        return find(element, annotationName).isPresent();
    }

    /** The value of {@code member}, the declared default when the user did not set it. */
    Object value(AnnotationMirror mirror, String member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member)) {
                return e.getValue().getValue();
            }
        }
        throw new IllegalArgumentException(
                mirror.getAnnotationType() + " has no member '" + member + "'");
    }

    AnnotationValue annotationValue(AnnotationMirror mirror, String member) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(member)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(
                mirror.getAnnotationType() + " has no member '" + member + "'");
    }

    String string(AnnotationMirror mirror, String member) {
        return (String) value(mirror, member);
    }

    int intValue(AnnotationMirror mirror, String member) {
        return ((Number) value(mirror, member)).intValue();
    }

    long longValue(AnnotationMirror mirror, String member) {
        return ((Number) value(mirror, member)).longValue();
    }

    /** The simple name of an enum constant member. */
    String enumName(AnnotationMirror mirror, String member) {
        return ((VariableElement) value(mirror, member)).getSimpleName().toString();
    }
}
