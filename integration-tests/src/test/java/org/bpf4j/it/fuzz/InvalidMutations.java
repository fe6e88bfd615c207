package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid generated program into valid Java that BPF cannot run, by inserting one
 * unsupported construct (and the helper it may need) after its first two statements, at top
 * level or inside a nested block (if, loop, switch case). Every generated program starts with
 * {@code int v0} and {@code long v1}, which the constructs use.
 */
final class InvalidMutations {
    /** One unsupported construct: an optional helper method and the statement that uses it. */
    record Mutation(String name, String helper, String statement) {}

    static final List<Mutation> ALL = List.of(
            new Mutation("try/catch", null, "try { v0 += ctx.u8(1); } catch (RuntimeException e) { v0 = 2; }"),
            new Mutation("throw", null, "if (v0 == 12345) { throw new IllegalStateException(); }"),
            new Mutation("new of a non-struct object", null, "StringBuilder sb = new StringBuilder();"),
            new Mutation("string concatenation", null, "String s = \"v\" + v0; v0 += s.length();"),
            new Mutation("string switch", null, "switch (\"k\" + v0) { case \"k1\" -> v0++; default -> v0--; }"),
            new Mutation("while (true)", null, "while (true) { v0++; if (ctx.u8(v0 & 63) == 7) { break; } }"),
            new Mutation("for (;;)", null, "for (;;) { if (ctx.u8(0) == v0) { break; } v0++; }"),
            new Mutation("loop without provable bound", null, "while (v0 > 1) { v0 = v0 / 2; }"),
            new Mutation("counter moving away from the bound", null, "for (int j = 0; j < 10; j--) { v0 += j; }"),
            new Mutation("recursion", "    static int PNAME_rec(int n) { return n <= 0 ? 0 : 1 + PNAME_rec(n - 1); }",
                    "v0 += PNAME_rec(v0 & 7);"),
            new Mutation("mutual recursion", "    static int PNAME_ping(int n) { return n <= 0 ? 0 : PNAME_pong(n - 1); }\n"
                    + "    static int PNAME_pong(int n) { return n <= 0 ? 1 : PNAME_ping(n - 1); }", "v0 += PNAME_ping(v0 & 7);"),
            new Mutation("oversized stack array", null, "long[] big = new long[80]; big[v0 & 63] = v1; v0 += (int) big[3];"),
            new Mutation("two arrays beyond 512 bytes of stack", null,
                    "byte[] b1 = new byte[300]; byte[] b2 = new byte[300]; v0 += b1[1] + b2[2];"),
            new Mutation("constant index out of bounds", null, "int[] t = new int[4]; v0 += t[4];"),
            new Mutation("map value without null check", null, "Long mv = out.get(SLOT(0)); v1 += mv;"),
            new Mutation("map value unboxed without null check", null, "v1 += out.get(SLOT(1));"),
            new Mutation("float arithmetic", null, "float f = v0 * 0.5f; v0 = (int) f;"),
            new Mutation("double arithmetic", null, "double d = v1 / 3.0; v1 = (long) d;"),
            new Mutation("lambda", null, "java.util.function.IntUnaryOperator op = x -> x + 1; v0 = op.applyAsInt(v0);"),
            new Mutation("synchronized", null, "synchronized (XdpContext.class) { v0++; }"),
            new Mutation("instanceof", null, "Object o = ctx; if (o instanceof XdpContext) { v0++; }"),
            new Mutation("virtual call on a boxed value", null, "Integer boxed = v0; v0 = boxed.hashCode();"),
            new Mutation("division by constant zero", null, "v0 = v0 / 0;"),
            new Mutation("remainder by constant zero", null, "v1 = v1 % 0L;"),
            new Mutation("JVM-only context method", null, "v0 += ctx.packet().length;"),
            new Mutation("System.out", null, "System.out.println(v0);"),
            new Mutation("JDK method without BPF equivalent", null, "v1 += System.nanoTime();"),
            new Mutation("header used without null check", null, "EthHdr eth = ctx.header(0, EthHdr.class); v0 += eth.proto;"),
            new Mutation("assert", null, "assert v0 > 0 : \"positive\";"),
            new Mutation("collection", null, "java.util.List<Integer> list = new java.util.ArrayList<>(); v0 += list.size();"),
            new Mutation("Long.toString", null, "v0 += Long.toString(v1).length();"));

    private InvalidMutations() {
    }

    /** {@code valid} with mutation {@code m} inserted at a random top-level position after v0 and v1. */
    static Program apply(Program valid, Mutation m, Random random) {
        List<String> helpers = new ArrayList<>(valid.helpers());
        if (m.helper() != null) {
            helpers.add(m.helper());
        }
        List<Stmt> body = insert(valid.body(), Stmt.simple(m.statement(), false), random, 2);
        return new Program(valid.origin() + " + " + m.name(), helpers, body, valid.result());
    }

    /**
     * {@code list} with {@code s} at a random place from index {@code from} on, or in a nested
     * block; never after a statement that may jump out of the list (a break under a condition
     * that folds to true makes the rest dead code, which the compiler drops unchecked).
     */
    private static List<Stmt> insert(List<Stmt> list, Stmt s, Random random, int from) {
        int end = from;
        while (end < list.size() && !list.get(end).mayLeave()) {
            end++;
        }
        List<Integer> nesting = new ArrayList<>();
        for (int i = from; i < Math.min(end + 1, list.size()); i++) {
            // A block under a condition that folds to a constant may be dead code, which the compiler drops.
            if (!list.get(i).blocks().isEmpty() && list.get(i).exprs().stream().noneMatch(Expr::mayFoldToConstant)) {
                nesting.add(i);
            }
        }
        List<Stmt> out = new ArrayList<>(list);
        if (!nesting.isEmpty() && random.nextBoolean()) {
            int i = nesting.get(random.nextInt(nesting.size()));
            Stmt outer = list.get(i);
            List<List<Stmt>> blocks = new ArrayList<>(outer.blocks());
            int b = random.nextInt(blocks.size());
            blocks.set(b, insert(blocks.get(b), s, random, 0));
            out.set(i, new Stmt(outer.template(), outer.exprs(), blocks, outer.removable(), outer.inlinable()));
        } else {
            out.add(from + random.nextInt(end - from + 1), s);
        }
        return out;
    }
}
