package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.StructModel;

/**
 * The codec expression for each key, value and record type of a skeleton: the language's codecs
 * for boxed integers and {@code byte[]}, a generated codec for each struct the skeleton can
 * reach field by field, the reflective {@code Codecs.struct} for the others (structs of another
 * package with non-public members).
 */
final class CodecReferences {
    private static final Map<String, String> BOXED = Map.of(
            "java.lang.Byte", "BYTE",
            "java.lang.Short", "SHORT",
            "java.lang.Character", "CHAR",
            "java.lang.Integer", "INT",
            "java.lang.Long", "LONG");

    private final BpfClass model;
    private final Map<StructModel, ClassName> generated = new LinkedHashMap<>();

    CodecReferences(BpfClass model, ClassName skeleton) {
        this.model = model;
        Map<String, Integer> simpleNames = new HashMap<>();
        model.structs().forEach(s -> simpleNames.merge(s.cName(), 1, Integer::sum));
        for (StructModel struct : model.structs()) {
            if (accessible(struct)) {
                String name = simpleNames.get(struct.cName()) == 1 ? struct.cName()
                        : ClassName.get(struct.element()).simpleNames().stream()
                                .reduce((a, b) -> a + "_" + b).orElseThrow();
                generated.put(struct, skeleton.nestedClass(name + "Codec"));
            }
        }
    }

    /** Structs with a generated codec, and the codec's class. */
    Map<StructModel, ClassName> generated() {
        return generated;
    }

    /** The codec of a struct layout. */
    CodeBlock of(StructModel struct) {
        ClassName codec = generated.get(struct);
        return codec != null ? CodeBlock.of("$T.INSTANCE", codec)
                : CodeBlock.of("$T.struct($T.class)", Names.CODECS, ClassName.get(struct.element()));
    }

    /** The codec of a key, value or record type; {@code size} is the declared byte[] size. */
    CodeBlock of(TypeMirror type, int size) {
        if (type.getKind() == TypeKind.ARRAY
                && ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
            return CodeBlock.of("$T.bytes($L)", Names.CODECS, size);
        }
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        String boxed = BOXED.get(element.getQualifiedName().toString());
        if (boxed != null) {
            return CodeBlock.of("$T.$L", Names.CODECS, boxed);
        }
        Optional<StructModel> struct = model.struct(element);
        return struct.map(this::of).orElseThrow(() -> new IllegalStateException(
                "no layout for " + element + " in the model of " + model.binaryName()));
    }

    /**
     * Whether a codec in the skeleton's package can create the struct and reach every member:
     * always within the package (the model rejects private members), else only when all are
     * public.
     */
    private boolean accessible(StructModel struct) {
        if (packageOf(struct.element()).equals(model.packageName())) {
            return true;
        }
        for (Element e = struct.element(); e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            if (!e.getModifiers().contains(Modifier.PUBLIC)) {
                return false;
            }
        }
        boolean publicConstructor = ElementFilter.constructorsIn(struct.element().getEnclosedElements())
                .stream().anyMatch(c -> c.getParameters().isEmpty()
                        && c.getModifiers().contains(Modifier.PUBLIC));
        return publicConstructor && struct.fields().stream()
                .allMatch(f -> f.field().getModifiers().contains(Modifier.PUBLIC));
    }

    private static String packageOf(Element element) {
        Element e = element;
        while (!(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return ((PackageElement) e).getQualifiedName().toString();
    }
}
