/**
 * Control flow while a function is built: {@link org.bpf4j.processor.lower.ssa.ControlFlow}
 * enters, jumps and branches between blocks of the IR builder, places phis for Java locals as it
 * goes (the internal {@code SsaVariables}, Braun et al.'s on-the-fly SSA construction) and
 * tracks what holds along each path: pointers tested non-null, ring buffer records reserved and
 * released.
 *
 * <p>Knows IR and nothing of Java trees or of the lowerers.
 */
package org.bpf4j.processor.lower.ssa;
