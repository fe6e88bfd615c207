package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.lang.StructLayout;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.elf.BpfObjectReader;
import org.junit.jupiter.api.Test;

/**
 * The JVM's layout of a {@code @BpfStruct} ({@link StructLayout}, by reflection) is the layout
 * the processor compiled against: for every struct of every object on the test class path
 * (these tests', the samples', the benchmarks'), the member offsets and the size in the BTF the
 * compiler wrote equal the JVM's. Structs are found by their BTF name among those the BPF class
 * can name; other BTF structs (map definitions) have no JVM class.
 */
class StructLayoutMatchesObjectBtfTest {
    private static final String OBJECTS = "META-INF/bpf/";
    private static final String SUFFIX = ".bpf.o";

    @Test
    void everyStructInEveryObjectHasTheJvmLayout() throws Exception {
        Set<String> compared = new TreeSet<>();
        for (String resource : objectResources()) {
            Class<?> bpfClass = Class.forName(resource.substring(OBJECTS.length(),
                    resource.length() - SUFFIX.length()));
            Map<String, Class<?>> structs = structsBySimpleName(bpfClass);
            Btf btf = BpfObjectReader.read(bytes(resource)).btf().orElseThrow();
            for (BtfType type : btf.types()) {
                if (type instanceof BtfType.Struct s) {
                    Class<?> struct = structs.get(s.name());
                    if (struct != null) {
                        assertSameLayout(StructLayout.of(struct), s, resource);
                        compared.add(struct.getName());
                    }
                }
            }
        }
        assertTrue(compared.size() >= 15, compared.size() + " compared: " + compared);
        assertTrue(compared.containsAll(List.of("org.bpf4j.samples.firewall.Firewall$DropEvent",
                "org.bpf4j.samples.execlog.ExecLog$ExecEvent", "org.bpf4j.it.lang.RecordArrays$Seen")),
                "compared " + compared);
    }

    private static void assertSameLayout(StructLayout jvm, BtfType.Struct btf, String resource) {
        String where = jvm.type().getName() + " in " + resource;
        assertEquals(jvm.size(), btf.size(), where + ": size");
        List<String> jvmMembers = new ArrayList<>();
        for (StructLayout.Member m : jvm.members()) {
            jvmMembers.add(m.field().getName() + "@" + m.offset());
        }
        List<String> btfMembers = new ArrayList<>();
        for (BtfType.Member m : btf.members()) {
            btfMembers.add(m.name() + "@" + m.bitOffset() / 8);
        }
        assertEquals(jvmMembers, btfMembers, where + ": members at byte offsets");
    }

    /**
     * The {@code @BpfStruct} classes a BPF class can name, by simple name (the BTF name): those
     * declared in it or its enclosing class, those its fields hold, and those they contain; a name
     * two such classes share is left out, as the BTF name alone cannot tell them apart.
     */
    private static Map<String, Class<?>> structsBySimpleName(Class<?> bpfClass) {
        Set<Class<?>> found = new LinkedHashSet<>();
        Class<?> top = bpfClass;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        collectNested(top, found);
        for (Field f : bpfClass.getDeclaredFields()) {
            collectTypes(f.getGenericType(), found);
        }
        Map<String, Class<?>> byName = new HashMap<>();
        for (Class<?> c : found) {
            byName.merge(c.getSimpleName(), c, (a, b) -> a == b ? a : null);
        }
        byName.values().removeIf(c -> c == null);
        return byName;
    }

    private static void collectNested(Class<?> c, Set<Class<?>> found) {
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (nested.isAnnotationPresent(BpfStruct.class)) {
                collectStruct(nested, found);
            }
            collectNested(nested, found);
        }
    }

    private static void collectTypes(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                collectTypes(argument, found);
            }
        } else if (type instanceof Class<?> c) {
            Class<?> element = c.isArray() ? c.getComponentType() : c;
            if (element.isAnnotationPresent(BpfStruct.class)) {
                collectStruct(element, found);
            }
        }
    }

    private static void collectStruct(Class<?> struct, Set<Class<?>> found) {
        if (found.add(struct)) {
            for (Field f : struct.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    collectTypes(f.getType(), found);
                }
            }
        }
    }

    /** Every compiled object on the class path, as a resource name. */
    private static List<String> objectResources() throws IOException, URISyntaxException {
        List<String> resources = new ArrayList<>();
        for (URL url : Collections.list(loader().getResources(OBJECTS))) {
            if (url.getProtocol().equals("jar")) {
                try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(OBJECTS) && n.endsWith(SUFFIX))
                            .forEach(resources::add);
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(p -> OBJECTS + p.getFileName())
                            .filter(n -> n.endsWith(SUFFIX)).forEach(resources::add);
                }
            }
        }
        assertTrue(resources.size() > 10, "objects found: " + resources);
        return resources;
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = loader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClassLoader loader() {
        return StructLayoutMatchesObjectBtfTest.class.getClassLoader();
    }
}
