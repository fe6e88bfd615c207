package org.bpf4j.it.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.bpf4j.processor.BpfProcessor;

/**
 * javac with the bpf4j processor, in this JVM: compiles generated classes (package
 * {@value #PACKAGE}) into a fresh temporary directory, so each result has its own class
 * files and {@code .bpf.o} resources and its own class loader.
 */
final class InProcessCompiler {
    static final String PACKAGE = "fuzz";
    static final String IMPORTS = "package " + PACKAGE + ";\n"
            + "import org.bpf4j.annotation.*;\n"
            + "import org.bpf4j.lang.*;\n";

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final List<String> options;

    /** javac with {@code processorOptions} (e.g. {@code -Abpf4j.cpu=v4}) besides the fixed ones. */
    InProcessCompiler(String... processorOptions) {
        this.options = List.of(processorOptions);
    }

    /** What one javac run produced. */
    record Result(Path output, boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        /** The compiled {@code .bpf.o} of class {@code simpleName}. */
        byte[] object(String simpleName) {
            Path file = output.resolve("META-INF/bpf/" + PACKAGE + "." + simpleName + ".bpf.o");
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("the processor wrote no " + file, e);
            }
        }

        /** A fresh loader for the compiled classes, child of the test's loader. */
        URLClassLoader classLoader() {
            try {
                return new URLClassLoader(new URL[] {output.toUri().toURL()}, InProcessCompiler.class.getClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        void delete() {
            try (Stream<Path> files = Files.walk(output)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Compiles the classes of {@code sources} (simple class name to the text after the imports). */
    Result compile(Map<String, String> sources) {
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        try {
            Path out = Files.createTempDirectory("bpf4j-fuzz");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, body) -> units.add(new Source(name, IMPORTS + body)));
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
                List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
                        "-implicit:none", "-Xlint:none", "-nowarn", "-g", "-Xmaxerrs", "100000"));
                args.addAll(options);
                JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, args, null, units);
                task.setProcessors(List.of(new BpfProcessor()));
                boolean ok = task.call();
                return new Result(out, ok, List.copyOf(diagnostics.getDiagnostics()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source file in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String simpleName, String text) {
            super(URI.create("string:///" + PACKAGE + "/" + simpleName + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
