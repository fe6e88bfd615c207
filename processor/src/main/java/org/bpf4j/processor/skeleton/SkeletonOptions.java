package org.bpf4j.processor.skeleton;

/**
 * What the user's compilation can see, which decides parts of the generated skeleton.
 *
 * @param canAttach the runtime has the attach API ({@link SkeletonGenerator#ATTACH_API}); without
 *     it {@code attach()} explains that it cannot attach
 * @param generatedAnnotation {@code javax.annotation.processing.Generated} is readable: the class
 *     is in the unnamed module or its module requires {@code java.compiler}
 */
public record SkeletonOptions(boolean canAttach, boolean generatedAnnotation) {}
