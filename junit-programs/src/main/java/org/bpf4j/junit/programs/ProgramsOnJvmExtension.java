package org.bpf4j.junit.programs;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Resets the state of {@link ProgramsOnJvm}'s classes before each test. */
final class ProgramsOnJvmExtension implements BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ProgramsOnJvmExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ProgramsOnJvm annotation = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ProgramsOnJvm.class)
                .orElseThrow(() -> new IllegalStateException("@ProgramsOnJvm is missing on " + context.getRequiredTestClass()));
        // The root store lives as long as the test run: the globals' first values are taken once.
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        for (Class<?> programClass : annotation.value()) {
            store.getOrComputeIfAbsent(programClass, ProgramState::capture, ProgramState.class).reset();
        }
    }
}
