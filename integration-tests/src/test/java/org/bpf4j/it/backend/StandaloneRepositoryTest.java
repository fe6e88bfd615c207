package org.bpf4j.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build and its tests read nothing beside the repository: no source, script or POM names the
 * {@code shared} directory that lies next to the checkout on the project's machines (the
 * reference C programs are in {@code benchmarks/src/main/c/reference}).
 */
class StandaloneRepositoryTest {
    /** Spelled in two parts so that this file does not match itself. */
    private static final List<String> OUTSIDE = List.of("../" + "shared", "/work/" + "shared", "resolveSibling(\"" + "shared\")");

    @Test
    void noSourceScriptOrPomReadsTheSharedDirectory() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(Tools.REPOSITORY)) {
            inputs = files.filter(StandaloneRepositoryTest::isBuildInput).toList();
        }
        assertTrue(inputs.contains(Tools.REPOSITORY.resolve("pom.xml")) && inputs.size() > 100, "scanned " + inputs.size());
        List<String> found = inputs.stream().filter(StandaloneRepositoryTest::namesOutside)
                .map(f -> Tools.REPOSITORY.relativize(f).toString()).sorted().toList();
        assertEquals(List.of(), found);
    }

    private static boolean isBuildInput(Path file) {
        Path relative = Tools.REPOSITORY.relativize(file);
        String path = relative.toString(), name = file.getFileName().toString();
        if (path.startsWith(".git") || isBuildOutput(relative) || !Files.isRegularFile(file)) return false;
        return path.startsWith(".ci/") || name.equals("pom.xml") || name.endsWith(".java") || name.endsWith(".sh")
                || name.endsWith(".c") || name.endsWith(".h");
    }

    /** Under a build directory: {@code target}, or {@code target-v4} and the like ({@code -Dbpf4j.target}). */
    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target") || part.toString().startsWith("target-")) return true;
        }
        return false;
    }

    private static boolean namesOutside(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return OUTSIDE.stream().anyMatch(text::contains);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
