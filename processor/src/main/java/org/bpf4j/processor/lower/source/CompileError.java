package org.bpf4j.processor.lower.source;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.Objects;
import java.util.Optional;

/**
 * A construct the compiler cannot turn into BPF, raised while lowering and reported by
 * {@link org.bpf4j.processor.lower.ClassCompiler} as a javac error at {@link #tree()}, in
 * {@link #unit()} when the tree is in another compilation unit than the code being lowered (a
 * member of a struct declared elsewhere). The message says what is wrong, why BPF cannot do it
 * and how to fix it.
 */
public final class CompileError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Tree tree;
    private final transient CompilationUnitTree unit;

    public CompileError(Tree tree, String message) {
        super(message);
        this.tree = Objects.requireNonNull(tree, "tree");
        this.unit = null;
    }

    public CompileError(TreePath path, String message) {
        super(message);
        this.tree = path.getLeaf();
        this.unit = path.getCompilationUnit();
    }

    public Tree tree() {
        return tree;
    }

    /** The compilation unit of {@link #tree()}; empty: the one being lowered. */
    public Optional<CompilationUnitTree> unit() {
        return Optional.ofNullable(unit);
    }
}
