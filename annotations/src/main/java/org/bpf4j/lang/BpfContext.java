package org.bpf4j.lang;

/**
 * A program context: the single parameter of a {@code @BpfProgram} method, r1 on entry in the
 * kernel. Each program type has its own context class ({@code ProgramType.contextClass()});
 * helpers that take "any context" take this type.
 */
public interface BpfContext {
}
