package org.bpf4j.processor.lower.source;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bpf4j.compiler.ir.SourcePos;

/** Maps trees to {@link SourcePos}: file name, 1-based line and column, and the line's text. */
public final class SourcePositions {
    private final com.sun.source.util.SourcePositions positions;
    private final CompilationUnitTree unit;
    private final LineMap lines;
    private final String fileName;
    private final CharSequence text;

    public SourcePositions(Trees trees, CompilationUnitTree unit) {
        this.positions = trees.getSourcePositions();
        this.unit = unit;
        this.lines = unit.getLineMap();
        String name = unit.getSourceFile().getName();
        this.fileName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        try {
            this.text = unit.getSourceFile().getCharContent(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The position of {@code tree}'s first character, or null when javac recorded none. */
    public SourcePos of(Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        if (start < 0 || start >= text.length()) {
            return null;
        }
        int line = (int) lines.getLineNumber(start);
        int column = (int) lines.getColumnNumber(start);
        int from = (int) lines.getStartPosition(line);
        int to = from;
        while (to < text.length() && text.charAt(to) != '\n' && text.charAt(to) != '\r') {
            to++;
        }
        return new SourcePos(fileName, line, column, text.subSequence(from, to).toString());
    }
}
