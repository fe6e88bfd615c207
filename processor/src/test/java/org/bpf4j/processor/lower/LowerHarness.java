package org.bpf4j.processor.lower;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.processor.lower.source.Diagnostics;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.ModelBuilder;
import org.bpf4j.processor.model.StructModels;

/**
 * Runs only the front end: at ANALYZE, builds each class's model and lowers it with
 * {@link ClassCompiler}, keeping the IR modules and objects (no skeleton is generated, so these
 * tests see the compiler's diagnostics alone).
 */
final class LowerHarness {
    final Map<String, Module> modules = new LinkedHashMap<>();
    final Map<String, byte[]> objects = new LinkedHashMap<>();
    Compilation compilation;

    static LowerHarness compile(JavaFileObject... sources) {
        LowerHarness h = new LowerHarness();
        h.compilation = Compiler.javac().withProcessors(h.new Probe()).compile(sources);
        return h;
    }

    @SupportedAnnotationTypes("*")
    private final class Probe extends AbstractProcessor {
        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            Trees trees = Trees.instance(env);
            JavacTask.instance(env).addTaskListener(new TaskListener() {
                @Override
                public void finished(TaskEvent e) {
                    if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null
                            && ModelBuilder.declaresBpf(e.getTypeElement())) {
                        lower(env, trees, e);
                    }
                }
            });
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return false;
        }
    }

    private void lower(ProcessingEnvironment env, Trees trees, TaskEvent e) {
        TypeElement type = e.getTypeElement();
        StructModels layouts = new StructModels(env.getElementUtils(), env.getMessager());
        Optional<BpfClass> model = new ModelBuilder(env, trees, layouts).build(type);
        if (model.isEmpty()) {
            return;
        }
        ClassCompiler compiler = new ClassCompiler(env, trees);
        String name = type.getSimpleName().toString();
        compiler.lower(model.get(), e.getCompilationUnit(), new Diagnostics(trees, e.getCompilationUnit()))
                .ifPresent(m -> modules.put(name, m));
        if (modules.containsKey(name)) {
            compiler.compile(model.get(), e.getCompilationUnit()).ifPresent(bytes -> objects.put(name, bytes));
        }
    }
}
