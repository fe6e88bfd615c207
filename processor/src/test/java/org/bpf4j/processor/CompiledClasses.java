package org.bpf4j.processor;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * A class loader over what a compile-testing compilation produced in memory: its class files
 * and its CLASS_OUTPUT resources (the {@code .bpf.o}), so a generated skeleton can be run
 * exactly as it would be from a jar.
 */
final class CompiledClasses extends ClassLoader {
    private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

    private final Map<String, byte[]> files = new HashMap<>();

    CompiledClasses(Compilation compilation) {
        super(CompiledClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            String name = file.toUri().getPath();
            int at = name.indexOf(CLASS_OUTPUT);
            if (at >= 0) {
                files.put(name.substring(at + CLASS_OUTPUT.length()), read(file));
            }
        }
    }

    /** The bytes of a generated CLASS_OUTPUT file, e.g. {@code META-INF/bpf/demo.X.bpf.o}. */
    byte[] file(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new AssertionError("no generated file " + path + " among " + files.keySet());
        }
        return bytes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = files.get(name.replace('.', '/') + ".class");
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = files.get(name.startsWith("/") ? name.substring(1) : name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }

    private static byte[] read(JavaFileObject file) {
        try (InputStream in = file.openInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
