package org.bpf4j.compiler.ir;

import java.util.Objects;

/**
 * Where an instruction came from in the Java source; becomes a {@code .BTF.ext} line_info record
 * so that the kernel verifier log quotes the Java line.
 *
 * @param file     source file name as the user knows it, e.g. {@code Firewall.java}
 * @param line     1-based line
 * @param column   1-based column
 * @param lineText the full text of the line
 */
public record SourcePos(String file, int line, int column, String lineText) {
    public SourcePos {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(lineText, "lineText");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("source position " + file + ":" + line + ":" + column + " must be 1-based");
        }
    }
}
