/**
 * Optimization passes over the IR. Each {@link org.bpf4j.compiler.opt.Pass} rewrites a
 * function in place and says whether it changed anything; {@link
 * org.bpf4j.compiler.opt.Optimizer} runs them in rounds until none does, then lays out blocks.
 */
package org.bpf4j.compiler.opt;
