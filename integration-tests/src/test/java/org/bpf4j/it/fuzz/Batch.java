package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Many programs in one generated class, so one javac run and one kernel load serve them all:
 * program {@code i} is method {@code p<i>} and owns entries {@code i*SLOTS ..} of the array
 * map {@code out}. Remembers which source lines belong to which program, to attribute
 * diagnostics.
 */
final class Batch {
    static final String MAP = "out";
    /** A packet header type with padding and a boolean, read and written through {@code ctx.header}. */
    static final String PADDED_STRUCT = "In";
    /** A packet header type without padding bytes or booleans (24 bytes of fields). */
    static final String FLAT_STRUCT = "Flat";
    /** A struct-valued array map whose entries {@code i*SLOTS ..} program {@code i} changes with atomics. */
    static final String CELLS = "cells";
    /** The value type of {@link #CELLS}: 32- and 64-bit members and arrays (64 bytes, no padding). */
    static final String CELL_STRUCT = "Cell";

    final String className;
    final List<Program> programs;
    final String source;
    private final int[] firstLine;
    private final int[] lastLine;

    Batch(String className, List<Program> programs) {
        this.className = className;
        this.programs = List.copyOf(programs);
        this.firstLine = new int[programs.size()];
        this.lastLine = new int[programs.size()];
        StringBuilder text = new StringBuilder("public final class " + className + " {\n");
        text.append("    @BpfMap(maxEntries = ").append(Math.max(1, programs.size()) * ProgramGenerator.SLOTS)
                .append(") static BpfArrayMap<Long> " + MAP + ";\n");
        text.append("    @BpfStruct public static final class " + PADDED_STRUCT
                + " { public int a; public long x; public short q; public byte p; public char c; public boolean flag; }\n");
        text.append("    @BpfStruct public static final class " + FLAT_STRUCT + " { public long x; public int a; public short q;"
                + " public byte p; public byte p2; public char c; public short q2; public int a2; }\n");
        text.append("    @BpfStruct public static final class " + CELL_STRUCT + " { public int w; public int w2; public long x;"
                + " @Size(4) public int[] ws = new int[4]; @Size(4) public long[] xs = new long[4]; }\n");
        text.append("    @BpfMap(maxEntries = ").append(Math.max(1, programs.size()) * ProgramGenerator.SLOTS)
                .append(") static BpfArrayMap<" + CELL_STRUCT + "> " + CELLS + ";\n");
        for (String struct : List.of(PADDED_STRUCT, FLAT_STRUCT)) {
            text.append("    static " + struct + " " + orNull(struct) + "(XdpContext ctx, int offset, int bound) { " + struct
                    + " h = ctx.header(offset, " + struct + ".class); return h == null || h.p > bound ? null : h; }\n");
        }
        int line = lines(InProcessCompiler.IMPORTS) + lines(text) + 1;
        for (int i = 0; i < programs.size(); i++) {
            String method = programs.get(i).render(methodName(i), i * ProgramGenerator.SLOTS);
            firstLine[i] = line;
            line += lines(method);
            lastLine[i] = line - 1;
            text.append(method);
        }
        this.source = text.append("}\n").toString();
    }

    /** The method giving a header of {@code struct}, or null when it does not fit or its byte {@code p} exceeds {@code bound}. */
    static String orNull(String struct) {
        return struct.toLowerCase(Locale.ROOT) + "OrNull";
    }

    static String methodName(int index) {
        return "p" + index;
    }

    /** The program whose text holds {@code line}, or -1. */
    int programAt(long line) {
        for (int i = 0; i < programs.size(); i++) {
            if (line >= firstLine[i] && line <= lastLine[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The numbered source of program {@code i}, as it appears in the class. */
    String listing(int i) {
        String[] all = (InProcessCompiler.IMPORTS + source).split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int l = firstLine[i]; l <= lastLine[i]; l++) {
            out.append(String.format("%4d  %s%n", l, all[l - 1]));
        }
        return out.toString();
    }

    Batch without(List<Integer> dropped) {
        List<Program> kept = new ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            if (!dropped.contains(i)) {
                kept.add(programs.get(i));
            }
        }
        return new Batch(className, kept);
    }

    private static int lines(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
