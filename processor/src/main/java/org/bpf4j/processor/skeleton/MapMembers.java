package org.bpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.skeleton.SkeletonNames.MapMember;

/**
 * Per map: a field holding the typed map over the kernel map, its accessor, and the
 * {@code Opened} method that resizes it before load.
 */
final class MapMembers {
    private final List<MapMember> maps;
    private final CodecReferences codecs;
    private final ClassName opened;

    MapMembers(List<MapMember> maps, CodecReferences codecs, ClassName opened) {
        this.maps = maps;
        this.codecs = codecs;
        this.opened = opened;
    }

    void addTo(TypeSpec.Builder skeleton, MethodSpec.Builder constructor) {
        for (MapMember m : maps) {
            TypeName type = TypeName.get(m.map().field().asType());
            skeleton.addField(type, m.field(), Modifier.PRIVATE, Modifier.FINAL);
            constructor.addCode(construction(m));
            skeleton.addMethod(MethodSpec.methodBuilder(m.field())
                    .addJavadoc("The $L map {@code $L}, backed by the kernel map.\n", m.map().kind(),
                            m.map().name())
                    .addModifiers(Modifier.PUBLIC).returns(type)
                    .addStatement("return $N", m.field()).build());
        }
    }

    List<MethodSpec> resizers() {
        return maps.stream().map(m -> MethodSpec.methodBuilder(m.resizer())
                        .addJavadoc("Resizes map {@code $L} (declared with $L entries) before load.\n",
                                m.map().name(), m.map().maxEntries())
                        .addModifiers(Modifier.PUBLIC).returns(opened)
                        .addParameter(int.class, "maxEntries")
                        .addStatement("file.resizeMap($S, maxEntries)", m.map().name())
                        .addStatement("return this").build())
                .toList();
    }

    /** Sets the field; a ring buffer reads its kernel map twice, so through a local. */
    private CodeBlock construction(MapMember m) {
        MapField map = m.map();
        ClassName mapClass = ClassName.get(map.mapClass());
        CodeBlock store = CodeBlock.of("object.map($S)", map.name());
        return switch (map.shape()) {
            case KEYED -> assign(m, CodeBlock.of("new $T<>($L, $L, $L)", mapClass,
                    codecs.of(map.keyType().orElseThrow(), map.keySize()),
                    codecs.of(map.valueType().orElseThrow(), map.valueSize()), store));
            case INDEXED -> assign(m, CodeBlock.of("new $T<>($L, $L)", mapClass,
                    codecs.of(map.valueType().orElseThrow(), map.valueSize()), store));
            case RING -> {
                String local = m.field() + "Map";
                yield CodeBlock.builder()
                        .addStatement("$T $N = $L", Names.KERNEL_MAP, local, store)
                        .add(assign(m, CodeBlock.of("new $T<>($L, new $T($N), $N.maxEntries())",
                                mapClass, codecs.of(map.recordType().orElseThrow(), 0),
                                Names.RING_BUFFER, local, local)))
                        .build();
            }
            case PERF -> assign(m, CodeBlock.of("new $T<>($L, new $T($L))", mapClass,
                    codecs.of(map.recordType().orElseThrow(), 0), Names.PERF_BUFFER, store));
            case FD_ARRAY -> assign(m, CodeBlock.of("new $T($L)", mapClass, store));
        };
    }

    private static CodeBlock assign(MapMember m, CodeBlock value) {
        return CodeBlock.builder().addStatement("this.$N = $L", m.field(), value).build();
    }
}
