package org.bpf4j.processor;

import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.processor.lower.ClassCompiler;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.ModelBuilder;
import org.bpf4j.processor.model.StructModels;

/**
 * Compiles the programs of a class once javac has analysed it (every expression typed, every
 * call resolved) and writes the object next to the class files. The model is rebuilt from the
 * analysed symbols: javac may replace the members seen during processing rounds.
 */
final class AnalyzeListener implements TaskListener {
    private final ProcessingEnvironment env;
    private final Trees trees;
    private final IsaLevel level;
    private final Set<String> expected = new HashSet<>();

    AnalyzeListener(ProcessingEnvironment env, Trees trees, IsaLevel level) {
        this.env = env;
        this.trees = trees;
        this.level = level;
    }

    /** A class whose model was valid in {@code process()}, to compile when analysed. */
    void expect(String binaryName) {
        expected.add(binaryName);
    }

    @Override
    public void finished(TaskEvent event) {
        if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) {
            return;
        }
        List<TypeElement> types = new ArrayList<>();
        BpfProcessor.addWithNested(event.getTypeElement(), types);
        for (TypeElement type : types) {
            String binaryName = env.getElementUtils().getBinaryName(type).toString();
            if (expected.remove(binaryName)) {
                try {
                    compile(type, event);
                } catch (RuntimeException e) {
                    // A bug of ours must surface as a diagnostic at the class, not as a javac crash.
                    env.getMessager().printMessage(Diagnostic.Kind.ERROR,
                            "bpf4j internal error while compiling " + binaryName + ": " + e, type);
                }
            }
        }
    }

    private void compile(TypeElement type, TaskEvent event) {
        StructModels layouts = new StructModels(env.getElementUtils(), env.getMessager());
        Optional<BpfClass> model = new ModelBuilder(env, trees, layouts).build(type);
        if (model.isEmpty()) {
            return;
        }
        Optional<byte[]> object = new ClassCompiler(env, trees, level)
                .compile(model.get(), event.getCompilationUnit());
        object.ifPresent(bytes -> write(model.get(), bytes));
    }

    private void write(BpfClass model, byte[] bytes) {
        try {
            FileObject file = env.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                    model.resourceName(), model.element());
            try (OutputStream out = file.openOutputStream()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            env.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "cannot write " + model.resourceName() + ": " + e.getMessage(), model.element());
        }
    }
}
