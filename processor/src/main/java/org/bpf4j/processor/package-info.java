/**
 * The bpf4j javac plugin: {@link org.bpf4j.processor.BpfProcessor}.
 *
 * <h2>Using it</h2>
 * Maven (JDK 23+ runs no processor found on the class path, so name it):
 * <pre>{@code
 * <plugin>
 *   <artifactId>maven-compiler-plugin</artifactId>
 *   <version>3.13.0</version>
 *   <configuration>
 *     <annotationProcessorPaths>
 *       <path><groupId>org.bpf4j</groupId><artifactId>bpf4j-processor</artifactId><version>...</version></path>
 *     </annotationProcessorPaths>
 *   </configuration>
 * </plugin>
 * }</pre>
 * with {@code bpf4j-annotations} and {@code bpf4j-jna-runtime} as ordinary dependencies (the
 * generated skeletons use the runtime; without it only the object is written, with a warning).
 * Gradle: {@code annotationProcessor("org.bpf4j:bpf4j-processor:...")}; the processor declares
 * itself aggregating for incremental builds.
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li>{@code process()}: for each class with {@code @BpfProgram} methods or {@code @BpfMap}
 *       fields, {@link org.bpf4j.processor.model.ModelBuilder} reads the declarations into a
 *       {@link org.bpf4j.processor.model.BpfClass} (errors at the offending element), and
 *       {@link org.bpf4j.processor.skeleton.SkeletonGenerator} writes {@code XxxSkeleton}, which
 *       javac compiles in the same build.</li>
 *   <li>Method bodies are typed only later. A {@code TaskListener} registered through
 *       {@code JavacTask.instance(env)} sees {@code ANALYZE} finish for each class, rebuilds its
 *       model from the analysed symbols and hands it to
 *       {@link org.bpf4j.processor.lower.ClassCompiler}, which reports errors through
 *       {@code Trees.printMessage} at exact positions; the object is written to
 *       {@code CLASS_OUTPUT} as {@code META-INF/bpf/<binary class name>.bpf.o}, where the
 *       skeleton loads it from its own class loader.</li>
 * </ol>
 * Only javac's public {@code com.sun.source} API is used, without {@code --add-opens}; build
 * tools that wrap the {@code ProcessingEnvironment} (Gradle's incremental processing, IntelliJ)
 * are seen through by {@code JavacEnvironments}.
 */
package org.bpf4j.processor;
