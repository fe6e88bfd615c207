/**
 * Register allocation: liveness over machine IR, graph colouring with coalescing, spilling to
 * the stack frame, and the copies that take machine code out of SSA form. A frame larger than
 * the kernel's 512 bytes is a {@link org.bpf4j.compiler.regalloc.FrameOverflowException}.
 */
package org.bpf4j.compiler.regalloc;
