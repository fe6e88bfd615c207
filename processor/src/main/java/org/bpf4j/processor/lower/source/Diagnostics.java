package org.bpf4j.processor.lower.source;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.tools.Diagnostic;

/** Errors of one compilation unit, reported through javac at exact tree positions. */
public final class Diagnostics {
    private final Trees trees;
    private final CompilationUnitTree unit;
    private int errors;

    public Diagnostics(Trees trees, CompilationUnitTree unit) {
        this.trees = trees;
        this.unit = unit;
    }

    public void error(Tree tree, String message) {
        errors++;
        trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }

    public void error(CompileError e) {
        errors++;
        trees.printMessage(Diagnostic.Kind.ERROR, e.getMessage(), e.tree(), e.unit().orElse(unit));
    }

    public int errorCount() {
        return errors;
    }
}
