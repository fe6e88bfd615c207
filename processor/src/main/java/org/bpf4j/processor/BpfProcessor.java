package org.bpf4j.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import org.bpf4j.processor.lower.KernelStructDeclarations;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.ModelBuilder;
import org.bpf4j.processor.model.StructModels;
import org.bpf4j.processor.skeleton.SkeletonGenerator;
import org.bpf4j.processor.skeleton.SkeletonOptions;

/**
 * The bpf4j javac plugin. In {@code process()} it reads the declarations of every class with
 * {@code @BpfProgram} methods or {@code @BpfMap} fields and generates its {@code XxxSkeleton};
 * method bodies are not typed yet at that point, so the programs are compiled later, when
 * javac reports the class analysed ({@link AnalyzeListener}), into
 * {@code META-INF/bpf/<binary name>.bpf.o}.
 *
 * <p>Maven on JDK 23+ runs no processor found on the class path: name
 * {@code bpf4j-processor} in the compiler plugin's {@code annotationProcessorPaths}.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({
    "org.bpf4j.annotation.BpfProgram",
    "org.bpf4j.annotation.BpfMap",
    "org.bpf4j.annotation.BpfStruct",
    "org.bpf4j.annotation.BpfConfig",
    "org.bpf4j.annotation.KernelStruct"
})
public final class BpfProcessor extends AbstractProcessor {
    private final Set<String> generated = new HashSet<>();
    private AnalyzeListener listener;
    private Trees trees;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        try {
            ProcessingEnvironment javac = JavacEnvironments.unwrap(env);
            trees = Trees.instance(javac);
            listener = new AnalyzeListener(env, trees, CpuOption.of(env.getOptions()));
            JavacTask.instance(javac).addTaskListener(listener);
        } catch (IllegalStateException | IllegalArgumentException e) {
            env.getMessager().printMessage(Diagnostic.Kind.ERROR, e.getMessage());
        }
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(CpuOption.NAME);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (listener == null) {
            return false;
        }
        StructModels layouts = new StructModels(processingEnv.getElementUtils(),
                processingEnv.getMessager());
        ModelBuilder builder = new ModelBuilder(processingEnv, trees, layouts);
        for (TypeElement type : typesIn(round.getRootElements())) {
            KernelStructDeclarations.check(type, processingEnv.getMessager());
            String binaryName = processingEnv.getElementUtils().getBinaryName(type).toString();
            if (!ModelBuilder.declaresBpf(type) || !generated.add(binaryName)) {
                continue;
            }
            Optional<BpfClass> model;
            try {
                model = builder.build(type);
            } catch (RuntimeException e) {
                // A bug of ours must surface as a diagnostic at the class, not as a javac crash.
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "bpf4j internal error while reading " + binaryName + ": " + e, type);
                continue;
            }
            model.ifPresent(m -> {
                generateSkeleton(m);
                listener.expect(binaryName);
            });
        }
        return false;
    }

    private void generateSkeleton(BpfClass model) {
        if (!onClassPath(SkeletonGenerator.RUNTIME_API)) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "no "
                    + model.skeletonName() + " generated: bpf4j-jna-runtime is not on the class "
                    + "path (the object " + model.resourceName() + " is still written)",
                    model.element());
            return;
        }
        try {
            SkeletonOptions options = new SkeletonOptions(onClassPath(SkeletonGenerator.ATTACH_API),
                    readsJavaCompiler(model.element()));
            new SkeletonGenerator(model, options).javaFile().writeTo(processingEnv.getFiler());
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "cannot write " + model.skeletonName() + ": " + e.getMessage(), model.element());
        } catch (RuntimeException e) {
            // A bug of ours must surface as a diagnostic at the class, not as a javac crash.
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "bpf4j internal error while generating " + model.skeletonName() + ": " + e,
                    model.element());
        }
    }

    private boolean onClassPath(String className) {
        return processingEnv.getElementUtils().getTypeElement(className) != null;
    }

    /** Whether code in the element's module can use {@code javax.annotation.processing.Generated}. */
    private boolean readsJavaCompiler(Element element) {
        ModuleElement module = processingEnv.getElementUtils().getModuleOf(element);
        return module == null || module.isUnnamed()
                || ElementFilter.requiresIn(module.getDirectives()).stream().anyMatch(
                        r -> r.getDependency().getQualifiedName().contentEquals("java.compiler"));
    }

    /** The root types and every type nested in them. */
    private static List<TypeElement> typesIn(Set<? extends Element> roots) {
        List<TypeElement> all = new ArrayList<>();
        for (TypeElement type : ElementFilter.typesIn(roots)) {
            addWithNested(type, all);
        }
        return all;
    }

    static void addWithNested(TypeElement type, List<TypeElement> all) {
        all.add(type);
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            addWithNested(nested, all);
        }
    }
}
