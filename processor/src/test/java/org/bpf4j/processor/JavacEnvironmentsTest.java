package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The processor works when build tools hand it a wrapped ProcessingEnvironment. */
class JavacEnvironmentsTest {

    /** Gradle's shape: a class forwarding to a {@code delegate} field. */
    static final class DelegatingEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        DelegatingEnvironment(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
        @Override public Messager getMessager() { return delegate.getMessager(); }
        @Override public Filer getFiler() { return delegate.getFiler(); }
        @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
        @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
        @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
        @Override public Locale getLocale() { return delegate.getLocale(); }
    }

    /** IntelliJ's shape: a dynamic proxy whose handler captured the real environment. */
    static ProcessingEnvironment proxy(ProcessingEnvironment real) {
        InvocationHandler handler = (p, method, args) -> method.invoke(real, args);
        return (ProcessingEnvironment) Proxy.newProxyInstance(
                JavacEnvironmentsTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, handler);
    }

    /** Runs {@link BpfProcessor} with the environment javac gives, wrapped by {@code wrap}. */
    @SupportedAnnotationTypes("*")
    static final class WrappingProcessor extends AbstractProcessor {
        private final Function<ProcessingEnvironment, ProcessingEnvironment> wrap;
        private final BpfProcessor inner = new BpfProcessor();
        ProcessingEnvironment real;
        ProcessingEnvironment unwrapped;

        WrappingProcessor(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            real = env;
            ProcessingEnvironment wrapped = wrap.apply(env);
            unwrapped = JavacEnvironments.unwrap(wrapped);
            inner.init(wrapped);
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    private static void compilesThrough(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
        WrappingProcessor processor = new WrappingProcessor(wrap);
        Compilation compilation = Compiler.javac().withProcessors(processor).compile(
                JavaFileObjects.forSourceLines("demo.Pass",
                        "package demo;",
                        "import org.bpf4j.annotation.*;",
                        "import org.bpf4j.lang.*;",
                        "public final class Pass {",
                        "    @BpfProgram(type = ProgramType.XDP)",
                        "    static int pass(XdpContext ctx) { return XdpAction.PASS; }",
                        "}"));
        assertThat(compilation).succeeded();
        assertSame(processor.real, processor.unwrapped);
        assertThat(compilation).generatedSourceFile("demo.PassSkeleton");
        assertThat(compilation)
                .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/bpf/demo.Pass.bpf.o");
    }

    @Test
    void gradleStyleDelegateField() {
        compilesThrough(DelegatingEnvironment::new);
    }

    @Test
    void intellijStyleProxy() {
        compilesThrough(JavacEnvironmentsTest::proxy);
    }

    @Test
    void nestedWrappers() {
        compilesThrough(env -> proxy(new DelegatingEnvironment(env)));
    }

    @Test
    void foreignEnvironmentIsAClearError() {
        ProcessingEnvironment foreign = (ProcessingEnvironment) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ProcessingEnvironment.class},
                (p, m, a) -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JavacEnvironments.unwrap(foreign));
        assertTrue(e.getMessage().contains("bpf4j runs inside javac only"), e.getMessage());
    }
}
