package org.bpf4j.junit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository that tests of several modules read, found upwards from the working
 * directory (Maven runs each module's tests in its own directory). Nothing outside the repository
 * is read: a missing file fails the test instead of skipping it.
 */
public final class RepositoryFiles {
    /** The reference C programs and their {@code common.h}: the one copy, beside the benchmarks' other C sources. */
    public static final String REFERENCE_PROGRAMS = "benchmarks/src/main/c/reference";

    private RepositoryFiles() {}

    /** The directory of the reference C programs. */
    public static Path referencePrograms() {
        return find(REFERENCE_PROGRAMS);
    }

    /** {@code relative} resolved against the nearest directory above the working directory that holds it. */
    public static Path find(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) return candidate;
        }
        throw new IllegalStateException(relative + " not found above " + start + ": run inside the repository");
    }
}
