package org.bpf4j.processor.lower;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.StructModel;
import org.bpf4j.processor.model.StructModels;

/** The declarations of the class being compiled, looked up by the symbols code refers to. */
final class ClassSymbols {
    private final BpfClass model;
    private final StructModels layouts;
    private final Map<Element, MapField> maps = new HashMap<>();
    private final Map<Element, GlobalField> globals = new HashMap<>();
    private final KernelStructs kernelStructs = new KernelStructs();

    ClassSymbols(BpfClass model, StructModels layouts) {
        this.model = model;
        this.layouts = layouts;
        model.maps().forEach(m -> maps.put(m.field(), m));
        model.globals().forEach(g -> globals.put(g.field(), g));
    }

    /** The {@code @KernelStruct} classes the class's code reads. */
    KernelStructs kernelStructs() {
        return kernelStructs;
    }

    BpfClass model() {
        return model;
    }

    Optional<MapField> map(Element field) {
        return Optional.ofNullable(maps.get(field));
    }

    Optional<GlobalField> global(Element field) {
        return Optional.ofNullable(globals.get(field));
    }

    /** The layout of a {@code @BpfStruct} type: the model's, or computed for structs only code uses (packet headers). */
    Optional<StructModel> struct(TypeMirror type) {
        return LangSymbols.asType(type).filter(t -> LangSymbols.isStruct(type)).flatMap(this::struct);
    }

    Optional<StructModel> struct(TypeElement type) {
        Optional<StructModel> known = model.struct(type);
        return known.isPresent() ? known : layouts.layoutOf(type);
    }
}
