package org.bpf4j.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module layering of docs/ARCHITECTURE.md, checked on every module's main classes (this
 * module sees them all). A broken rule fails the build with the rule's name and each import that
 * breaks it.
 */
@AnalyzeClasses(packages = "org.bpf4j", importOptions = {ImportOption.DoNotIncludeTests.class,
        ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    @ArchTest
    static final ArchRule objectLayerImportsNoCompiler = noClasses()
            .that().resideInAPackage("org.bpf4j.object..")
            .should().dependOnClassesThat().resideInAPackage("org.bpf4j.compiler..")
            .as("the object layer (org.bpf4j.object) imports no compiler package");

    @ArchTest
    static final ArchRule compilerImportsNoJavacRuntimeOrLanguage = noClasses()
            .that().resideInAPackage("org.bpf4j.compiler..")
            .should().dependOnClassesThat().resideInAnyPackage("com.sun.source..", "com.sun.tools..",
                    "javax.lang.model..", "javax.annotation.processing..", "org.bpf4j.runtime..", "org.bpf4j.lang..")
            .as("the compiler imports nothing of javac, the runtime or org.bpf4j.lang");

    @ArchTest
    static final ArchRule processorImportsNoRuntime = noClasses()
            .that().resideInAPackage("org.bpf4j.processor..")
            .should().dependOnClassesThat().resideInAPackage("org.bpf4j.runtime..")
            .as("the processor imports nothing of the runtime");

    @ArchTest
    static final ArchRule annotationsHaveNoNativeCodeAndNoBackend = noClasses()
            .that().resideInAnyPackage("org.bpf4j.annotation..", "org.bpf4j.lang..")
            .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..", "org.bpf4j.compiler..",
                    "org.bpf4j.object..", "org.bpf4j.processor..", "org.bpf4j.runtime..")
            .as("annotations (org.bpf4j.annotation, org.bpf4j.lang) use no native code (JNA) and no compiler, "
                    + "object layer, processor or runtime");

    @ArchTest
    static final ArchRule runtimeImportsNoCompilerOrProcessor = noClasses()
            .that().resideInAPackage("org.bpf4j.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage("org.bpf4j.compiler..", "org.bpf4j.processor..")
            .as("the runtime imports no compiler and no processor");

    @ArchTest
    static final ArchRule lowerPartsStayBelowTheLowerers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("lowerers").definedBy("org.bpf4j.processor.lower")
            .layer("checks").definedBy("org.bpf4j.processor.lower.check..")
            .layer("control flow").definedBy("org.bpf4j.processor.lower.ssa..")
            .layer("class files").definedBy("org.bpf4j.processor.lower.bytecode..")
            .layer("source").definedBy("org.bpf4j.processor.lower.source..")
            .whereLayer("lowerers").mayNotBeAccessedByAnyLayer()
            .whereLayer("checks").mayOnlyBeAccessedByLayers("lowerers")
            .whereLayer("control flow").mayOnlyBeAccessedByLayers("lowerers")
            .whereLayer("class files").mayOnlyBeAccessedByLayers("lowerers")
            .whereLayer("source").mayOnlyBeAccessedByLayers("lowerers", "checks")
            .as("the parts of the lowering (source, check, ssa, bytecode) use nothing of the lowerers in "
                    + "org.bpf4j.processor.lower, and the checks read only the source layer");

    /** Test-jars (the compiler's, the runtime's) carry test support, which the rules do not govern. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar!/.*"));
        }
    }
}
