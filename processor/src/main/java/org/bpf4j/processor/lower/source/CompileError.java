package org.bpf4j.processor.lower.source;

import com.sun.source.tree.Tree;
import java.util.Objects;

/**
 * A construct the compiler cannot turn into BPF, raised while lowering and reported by
 * {@link org.bpf4j.processor.lower.ClassCompiler} as a javac error at {@link #tree()}. The
 * message says what is wrong, why BPF cannot do it and how to fix it.
 */
public final class CompileError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Tree tree;

    public CompileError(Tree tree, String message) {
        super(message);
        this.tree = Objects.requireNonNull(tree, "tree");
    }

    public Tree tree() {
        return tree;
    }
}
