package org.bpf4j.compiler.asm;

/**
 * Source position of the instruction at {@code byteOffset}, for BTF line_info: the verifier
 * log quotes {@code sourceText}.
 */
public record LineRecord(int byteOffset, String file, int line, int column, String sourceText) {

    public LineRecord {
        if (byteOffset < 0 || byteOffset % 8 != 0) {
            throw new IllegalArgumentException("line record byte offset " + byteOffset + " is not an instruction boundary");
        }
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("line record needs a file name");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line number " + line + " of " + file + " is not positive");
        }
        if (column < 0) {
            throw new IllegalArgumentException("column " + column + " of " + file + ":" + line + " is negative");
        }
        if (sourceText == null) {
            throw new IllegalArgumentException("line record of " + file + ":" + line + " needs source text (may be empty)");
        }
    }

    /** Index of the instruction slot. */
    public int slot() {
        return byteOffset / 8;
    }
}
