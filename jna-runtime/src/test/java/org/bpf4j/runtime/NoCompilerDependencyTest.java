package org.bpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The runtime loads any object and depends on the object layer only: the compiler stays out of its class path. */
class NoCompilerDependencyTest {
    @Test
    void theCompilerIsNotOnTheRuntimesClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.bpf4j.compiler.Pipeline"));
    }
}
