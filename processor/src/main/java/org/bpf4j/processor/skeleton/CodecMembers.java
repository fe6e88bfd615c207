package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.StructModel;

/**
 * A nested codec per struct the skeleton can reach, and the static helpers the codecs and array
 * globals share: {@code zero} (padding) and {@code checkLength} ({@code @Size} arrays).
 */
final class CodecMembers {
    private final BpfClass model;
    private final CodecReferences codecs;
    private final ClassName skeleton;

    CodecMembers(BpfClass model, CodecReferences codecs, ClassName skeleton) {
        this.model = model;
        this.codecs = codecs;
        this.skeleton = skeleton;
    }

    void addTo(TypeSpec.Builder t) {
        Map<StructModel, ClassName> generated = codecs.generated();
        for (Map.Entry<StructModel, ClassName> e : generated.entrySet()) {
            t.addType(new StructCodecGenerator(e.getKey(), e.getValue(), codecs, skeleton).generate());
        }
        boolean arrays = model.globals().stream().anyMatch(GlobalField::isArray)
                || generated.keySet().stream().anyMatch(s -> s.fields().stream()
                        .anyMatch(f -> f.isArray()));
        if (!generated.isEmpty()) {
            t.addMethod(MethodSpec.methodBuilder("zero")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(ByteBuffer.class, "out")
                    .addParameter(int.class, "from")
                    .addParameter(int.class, "to")
                    .beginControlFlow("for (int i = from; i < to; i++)")
                    .addStatement("out.put(i, (byte) 0)")
                    .endControlFlow().build());
        }
        if (arrays) {
            t.addMethod(MethodSpec.methodBuilder("checkLength")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(String.class, "what")
                    .addParameter(int.class, "length")
                    .addParameter(int.class, "size")
                    .beginControlFlow("if (length != size)")
                    .addStatement("throw new $T(what + \" has \" + length + \" elements; its @Size "
                            + "is \" + size)", IllegalArgumentException.class)
                    .endControlFlow().build());
        }
    }
}
