package org.bpf4j.processor.lower.source;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Types and symbols of the trees of one compilation unit as javac attributed them (ANALYZE),
 * through the public {@link Trees} API, with every tree's path indexed once.
 */
public final class TypedTrees {
    private final Trees trees;
    private final CompilationUnitTree unit;
    private final Map<Tree, TreePath> paths = new IdentityHashMap<>();

    public TypedTrees(Trees trees, CompilationUnitTree unit) {
        this.trees = trees;
        this.unit = unit;
        new TreePathScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void p) {
                if (tree != null) {
                    paths.put(tree, new TreePath(getCurrentPath(), tree));
                }
                return super.scan(tree, p);
            }
        }.scan(new TreePath(unit), null);
    }

    public Trees trees() {
        return trees;
    }

    public CompilationUnitTree unit() {
        return unit;
    }

    TreePath path(Tree tree) {
        TreePath p = paths.get(tree);
        if (p == null) {
            throw new IllegalStateException("tree not in " + unit.getSourceFile().getName() + ": " + tree);
        }
        return p;
    }

    /** The attributed type; {@link TypeKind#ERROR} stands in when javac has none. */
    public TypeMirror type(Tree tree) {
        return trees.getTypeMirror(path(tree));
    }

    public TypeKind kind(Tree tree) {
        TypeMirror t = type(tree);
        return t == null ? TypeKind.ERROR : t.getKind();
    }

    /** The symbol a name, selection, call or declaration refers to, or null. */
    public Element element(Tree tree) {
        return trees.getElement(path(tree));
    }

    public Tree parent(Tree tree) {
        TreePath p = path(tree).getParentPath();
        return p == null ? null : p.getLeaf();
    }
}
