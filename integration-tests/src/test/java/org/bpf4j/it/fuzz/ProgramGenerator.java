package org.bpf4j.it.fuzz;

import static org.bpf4j.it.fuzz.Expr.Kind.BOOL;
import static org.bpf4j.it.fuzz.Expr.Kind.INT;
import static org.bpf4j.it.fuzz.Expr.Kind.LONG;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.it.fuzz.Expr.Kind;
import org.bpf4j.object.isa.IsaLevel;

/**
 * Random well-typed XDP programs in the Java subset bpf4j compiles, reproducible from a seed:
 * int/long/short/byte/char arithmetic with every operator, signed and unsigned comparisons,
 * casts, nested if/ternary/switch, bounded loops with break/continue, many long-lived locals
 * (to force spills), small stack arrays, static helper calls (inlined, or BPF-to-BPF calls of
 * {@code @BpfFunction} helpers), packet reads and writes through
 * the context, reads and writes of an array map, {@code Atomics} on the members and elements of
 * a struct map's entries and on local arrays, and block moves ({@code System.arraycopy},
 * {@code Arrays.fill}, {@code Structs.copy}). Division and remainder only by odd (hence
 * non-zero) divisors and array indexes in bounds, so the JVM never throws.
 */
final class ProgramGenerator {
    /** Map entries each program owns. */
    static final int SLOTS = 4;
    private static final int[] INT_EDGES = {0, 1, -1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 255, 256, 0xFFFF, 0x7FFF_FFFF,
            Integer.MIN_VALUE, -128, 127, 65535};
    private static final long[] LONG_EDGES = {0, 1, -1, 31, 32, 63, 64, 0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE,
            Long.MIN_VALUE, Integer.MIN_VALUE, 0x8000_0000L};
    private static final String[] INT_BINARY = {"+", "-", "*", "&", "|", "^"};
    private static final String[] SHIFTS = {"<<", ">>", ">>>"};
    private static final String[] COMPARISONS = {"<", "<=", ">", ">=", "==", "!="};
    private static final String[] NARROW = {"byte", "short", "char"};
    /** The fields of {@link Batch#PADDED_STRUCT} as {type, name}. */
    private static final String[][] PADDED_FIELDS = {{"int", "a"}, {"long", "x"}, {"short", "q"}, {"byte", "p"},
            {"char", "c"}, {"boolean", "flag"}};
    /** The fields of {@link Batch#FLAT_STRUCT} as {type, name}. */
    private static final String[][] FLAT_FIELDS = {{"long", "x"}, {"int", "a"}, {"short", "q"}, {"byte", "p"},
            {"byte", "p2"}, {"char", "c"}, {"short", "q2"}, {"int", "a2"}};

    private static final String[] ATOMIC_UPDATES = {"add", "and", "or", "xor"};
    private static final String[] ATOMIC_FETCHES = {"getAndAdd", "getAndAnd", "getAndOr", "getAndXor", "getAndSet",
            "compareAndExchange"};

    private record Var(String name, String type, boolean assignable) {
        Kind kind() {
            return type.equals("long") ? LONG : INT;
        }
    }

    /** At most two 32-byte arrays per program: spills and map keys and values share the 512-byte stack. */
    private static final int MAX_ARRAYS = 2;
    /** At most three 24-byte structs of block moves per program, for the same reason. */
    private static final int MAX_STRUCT_COPIES = 3;

    /** Whether the level compiled for has the atomics beyond add (v3). */
    private final boolean allAtomics;
    private Random random;
    private List<Var> scope;
    private List<String> arrays;
    private List<String> helperCalls;
    private int names;
    private int arrayCount;
    private int structCopies;
    /** Whether the code being generated may touch the packet: the program body may, a helper may not. */
    private boolean packet;

    /** Programs for the processor's default ISA level. */
    ProgramGenerator() {
        this(Pipeline.DEFAULT_LEVEL);
    }

    /** Programs for ISA {@code level}: below v3 the only atomic is add. */
    ProgramGenerator(IsaLevel level) {
        this.allAtomics = level.includes(IsaLevel.V3);
    }

    /** The program of {@code seed}: the same seed always gives the same program. */
    Program generate(long seed) {
        random = new Random(seed);
        scope = new ArrayList<>();
        arrays = new ArrayList<>();
        helperCalls = new ArrayList<>();
        names = 0;
        arrayCount = 0;
        structCopies = 0;
        List<String> helpers = new ArrayList<>();
        int helperCount = random.nextInt(3);
        for (int h = 0; h < helperCount; h++) {
            helpers.add(helper(h));
        }
        packet = true;
        List<Stmt> body = new ArrayList<>();
        body.add(declare("int", Expr.of(INT, "ctx.u8($0)", offset())));
        body.add(declare("long", Expr.of(LONG, "ctx.u32($0)", offset())));
        int statements = 3 + random.nextInt(8);
        for (int i = 0; i < statements; i++) {
            body.add(statement(2, false));
        }
        return new Program("seed " + seed, helpers, body, result());
    }

    /** Every live local and array folded into the result keeps them all alive to the end. */
    private Expr result() {
        Expr r = expr(INT, 3);
        for (Var v : scope) {
            Expr read = Expr.leaf(v.kind(), v.name);
            r = Expr.of(INT, "($0 * 31 ^ (int) $1)", r, v.kind() == LONG ? read : Expr.of(LONG, "(long) $0", read));
        }
        // and every element of the live arrays, each with its own weight, so that a block move's result shows
        for (String a : arrays) {
            StringBuilder sum = new StringBuilder("($0 * 31");
            for (int i = 0; i < 8; i++) {
                sum.append(" + ").append(2 * i + 1).append(" * ").append(a).append('[').append(i).append(']');
            }
            r = Expr.of(INT, sum.append(')').toString(), r);
        }
        return r;
    }

    private String helper(int index) {
        String name = Program.NAME + "_h" + index;
        List<Var> outer = scope;
        scope = new ArrayList<>(List.of(new Var("a", "int", false), new Var("b", "long", false)));
        packet = false;
        // a third of the helpers are BPF-to-BPF functions, the others are inlined
        String kind = random.nextInt(3) == 0 ? "    @BpfFunction\n" : "";
        StringBuilder text = new StringBuilder(kind + "    static int " + name + "(int a, long b) {\n");
        text.append("        if (").append(expr(BOOL, 2).render()).append(") {\n");
        text.append("            return ").append(expr(INT, 2).render()).append(";\n        }\n");
        text.append("        return ").append(expr(INT, 3).render()).append(";\n    }");
        scope = outer;
        helperCalls.add(name);
        return text.toString();
    }

    private Stmt declare(String type, Expr init) {
        String name = "v" + names++;
        Stmt s = switch (type) {
            case "int", "long" -> Stmt.simple(type + " " + name + " = #0;", false, init);
            default -> Stmt.simple(type + " " + name + " = (" + type + ") (#0);", false, init);
        };
        scope.add(new Var(name, type, true));
        return s;
    }

    private Stmt statement(int depth, boolean inLoop) {
        int pick = random.nextInt(depth > 0 ? 16 : 11);
        switch (pick) {
            case 0, 1 -> {
                String type = random.nextInt(3) > 0 ? (random.nextBoolean() ? "int" : "long") : pick(NARROW);
                return declare(type, expr(type.equals("long") ? LONG : INT, 3));
            }
            case 2, 3, 4 -> {
                return assign();
            }
            case 5 -> {
                return Stmt.simple("out.put(SLOT(" + random.nextInt(SLOTS) + "), #0);", true, expr(LONG, 3));
            }
            case 6 -> {
                if (random.nextBoolean()) {
                    return atomic();
                }
                return Stmt.simple("out.add(SLOT(" + random.nextInt(SLOTS) + "), #0);", true, expr(LONG, 2));
            }
            case 7 -> {
                Var target = target(LONG);
                if (target == null) {
                    return assign();
                }
                String m = "m" + names++;
                return Stmt.simple("{ Long " + m + " = out.get(SLOT(" + random.nextInt(SLOTS) + ")); if (" + m
                        + " != null) { " + target.name + " ^= " + m + "; } }", true);
            }
            case 8 -> {
                if (inLoop) {
                    return Stmt.simple("if (#0) " + (random.nextBoolean() ? "continue;" : "break;"), true,
                            expr(BOOL, 2));
                }
                return Stmt.simple("ctx.storeU" + pick(new String[] {"8", "16", "32"}) + "(#0, #1);", true,
                        offset(), expr(INT, 2));
            }
            case 9 -> {
                if (arrayCount == MAX_ARRAYS || random.nextBoolean()) {
                    return random.nextInt(3) == 0 ? narrowStores() : blockMove();
                }
                arrayCount++;
                String a = "a" + names++;
                arrays.add(a);
                return Stmt.simple("int[] " + a + " = new int[8];", false);
            }
            case 10 -> {
                return headerAccess();
            }
            case 11, 12 -> {
                Expr cond = expr(BOOL, 3);
                List<Stmt> yes = block(depth - 1, inLoop);
                if (random.nextBoolean()) {
                    return new Stmt("if (#0) @0", List.of(cond), List.of(yes), true, true);
                }
                return new Stmt("if (#0) @0 else @1", List.of(cond), List.of(yes, block(depth - 1, inLoop)), true, true);
            }
            case 13 -> {
                String i = "i" + names++;
                int bound = 1 + random.nextInt(6);
                List<Var> saved = new ArrayList<>(scope);
                int shape = random.nextInt(arrays.isEmpty() ? 4 : 5);
                // a for-each element may be assigned; a counter may not
                scope.add(new Var(i, "int", shape == 4));
                // while and do bodies end by stepping the counter (as the compiler requires), so a
                // continue there would skip the step: they get no break/continue of their own.
                List<Stmt> body = block(depth - 1, shape < 2 || shape == 4);
                scope = saved;
                String loop = switch (shape) {
                    case 4 -> "for (int " + i + " : " + pick(arrays) + ") @0";
                    case 0 -> "for (int " + i + " = " + 2 * bound + "; " + i + " > 0; " + i + " -= 2) @0";
                    case 1 -> "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) @0";
                    case 2 -> "{ int " + i + " = " + bound + "; while (" + i + " > 0) { @0 " + i + "--; } }";
                    default -> "{ int " + i + " = 0; do { @0 " + i + "++; } while (" + i + " < " + bound + "); }";
                };
                return new Stmt(loop, List.of(), List.of(body), true, false);
            }
            case 14 -> {
                Expr selector = expr(INT, 2);
                List<List<Stmt>> cases = List.of(block(depth - 1, false), block(depth - 1, false), block(depth - 1, false));
                if (random.nextBoolean()) {
                    return new Stmt("switch (#0 & 3) { case 0 -> @0 case 1, 2 -> @1 default -> @2 }", List.of(selector),
                            cases, true, true);
                }
                // Case 0 falls through into case 1.
                return new Stmt("switch (#0 & 3) { case 0: @0 case 1: @1 break; default: @2 }", List.of(selector),
                        cases, true, true);
            }
            default -> {
                Var target = target(INT);
                if (target == null) {
                    return assign();
                }
                return Stmt.simple(target.name + " = switch (#0 & 3) { case 0 -> #1; case 1, 2 -> #2; default -> #3; };",
                        true, expr(INT, 2), expr(INT, 2), expr(INT, 2), expr(INT, 2));
            }
        }
    }

    /**
     * Reads a field of a packet header at a fixed or masked offset into a local and writes
     * another field (hence the packet) through it, after the null check (of the header, or of
     * a choice between it and null).
     */
    private Stmt headerAccess() {
        Var target = target(null);
        if (target == null) {
            return assign();
        }
        boolean padded = random.nextBoolean();
        String struct = padded ? Batch.PADDED_STRUCT : Batch.FLAT_STRUCT;
        String[][] fields = padded ? PADDED_FIELDS : FLAT_FIELDS;
        String h = "h" + names++;
        String[] field = pick(fields);
        String read = field[0].equals("boolean") ? "(" + h + "." + field[1] + " ? 1 : 0)" : h + "." + field[1];
        if (!padded && random.nextInt(4) == 0) read = swappedFields(h);
        String[] written = pick(fields);
        // a boolean is flipped, never assigned its own value: on the JVM that assignment cannot
        // be seen, so over a byte other than 0 or 1 it would keep the byte (PacketContext)
        String write = written[0].equals("boolean") ? "if ((#1 & 1) != 0) { " + h + "." + written[1] + " = !" + h + "." + written[1] + "; }"
                : h + "." + written[1] + " = (" + written[0] + ") (#1);";
        if (written[0].equals("char") && random.nextBoolean()) {
            write = checksumUpdate(h + "." + written[1]);
        }
        Expr value = expr(written[0].equals("long") ? LONG : INT, 2);
        // now and then through a method returning the header or null, whose null the caller tests
        String header = random.nextInt(3) == 0 ? Batch.orNull(struct) + "(ctx, #0, #2)" : "ctx.header(#0, " + struct + ".class)";
        return Stmt.simple("{ " + struct + " " + h + " = " + header + "; if (" + h
                + " != null) { " + target.name + " " + pick(INT_BINARY) + "= " + read + "; " + write + " } }", true,
                headerOffset(), value, expr(INT, 1));
    }

    /** A constant, a masked value, or a constant plus a scaled length field ({@code 14 + ihl * 4}). */
    private Expr headerOffset() {
        return switch (random.nextInt(3)) {
            case 0 -> Expr.leaf(INT, Integer.toString(random.nextInt(64)));
            case 1 -> Expr.of(INT, "($0 & 31)", expr(INT, 1));
            default -> Expr.of(INT, "(" + (1 + random.nextInt(20)) + " + ($0 & 15) * 4)", expr(INT, 1));
        };
    }

    /**
     * Network-order fields of a flat header read as parsers read them: an EtherType chosen from
     * two swapped fields and tested against constants, or a flow hash of swapped fields.
     */
    private String swappedFields(String h) {
        if (random.nextBoolean()) {
            return "(Integer.reverseBytes(" + h + ".a) ^ (Character.reverseBytes(" + h + ".c) << 16 | Character.reverseBytes((char) "
                    + h + ".q)))";
        }
        String proto = "(" + h + ".p < 0 ? Character.reverseBytes(" + h + ".c) : Character.reverseBytes((char) " + h + ".q2))";
        int other = random.nextInt(0x10000);
        return "(" + proto + " == 0x0800 ? 1 : " + proto + " == " + other + " ? 2 : 0)";
    }

    /**
     * {@code field = } an RFC 1624 update of {@code field} for a 32-bit word changing from #1 (as in memory), summed
     * in host order and stored swapped, folded once or twice (once may leave a carry above 16 bits).
     */
    private String checksumUpdate(String field) {
        String from = "f" + names++, to = "t" + names++, s = "s" + names++;
        String fold = s + " = (" + s + " & 0xFFFF) + (" + s + " >>> 16); ";
        return "{ int " + from + " = #1; int " + to + " = Integer.reverseBytes(" + from + " * 0x9E3779B1); " + from + " = Integer.reverseBytes("
                + from + "); int " + s + " = (~Character.reverseBytes(" + field + ") & 0xFFFF) + (~" + from + " & 0xFFFF) + (~" + from
                + " >>> 16) + (" + to + " & 0xFFFF) + (" + to + " >>> 16); " + fold
                + (random.nextInt(4) == 0 ? "" : fold) + field + " = Character.reverseBytes((char) ~" + s + "); }";
    }

    /**
     * An {@code Atomics} form: on a member or an element (index {@code #2 & 3}) of one of this
     * program's {@code cells} entries, or on an element of a local array at a constant index (the
     * verifier allows atomics on the stack at constant offsets only). A fetched old value is
     * folded into a local; compare-exchange expects what the target holds half of the time.
     */
    private Stmt atomic() {
        String c = "c" + names++;
        boolean onStack = !arrays.isEmpty() && random.nextInt(4) == 0;
        String location;
        String current;
        Kind kind;
        if (onStack) {
            String a = pick(arrays);
            int index = random.nextInt(8);
            location = a + ", " + index;
            current = a + "[" + index + "]";
            kind = INT;
        } else {
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    String member = random.nextBoolean() ? "w" : "w2";
                    location = c + ", \"" + member + "\"";
                    current = c + "." + member;
                    kind = INT;
                }
                case 2 -> {
                    location = c + ", \"x\"";
                    current = c + ".x";
                    kind = LONG;
                }
                case 3 -> {
                    location = c + ".ws, (#2 & 3)";
                    current = c + ".ws[#2 & 3]";
                    kind = INT;
                }
                default -> {
                    location = c + ".xs, (#2 & 3)";
                    current = c + ".xs[#2 & 3]";
                    kind = LONG;
                }
            }
        }
        Var target = target(null);
        boolean member = location.contains("\"");
        String call;
        Kind value = kind;
        if (!allAtomics || target == null || random.nextBoolean()) {
            // the updates of a member take a long (an int member gets its low half), of an element the element's type
            if (member && random.nextBoolean()) {
                value = LONG;
            }
            call = "Atomics." + (allAtomics ? pick(ATOMIC_UPDATES) : "add") + "(" + location + ", #0);";
        } else {
            String op = pick(ATOMIC_FETCHES);
            String operands = op.equals("compareAndExchange") ? (random.nextBoolean() ? current : "#1") + ", #0" : "#0";
            // a compound assignment narrows the old value to any local's type, as Java does
            call = target.name + " " + pick(new String[] {"+=", "^=", "-="}) + " Atomics." + op + "(" + location + ", " + operands
                    + ");";
        }
        Expr index = expr(INT, 1);
        if (onStack) {
            return Stmt.simple(call, true, expr(value, 2), expr(kind, 2), index);
        }
        return Stmt.simple("{ " + Batch.CELL_STRUCT + " " + c + " = " + Batch.CELLS + ".get(SLOT(" + random.nextInt(SLOTS) + ")); if ("
                + c + " != null) { " + call + " } }", true, expr(value, 2), expr(kind, 2), index);
    }

    /**
     * Neighbouring narrow stores into a fresh {@code byte[8]}: bytes of one value (in either
     * order, shifted logically or arithmetically) or constants, from a position that may be
     * misaligned, read back at an index the compiler cannot know.
     */
    private Stmt narrowStores() {
        String b = "n" + names++, v = "n" + names++;
        boolean wide = random.nextBoolean();
        StringBuilder text = new StringBuilder("{ byte[] " + b + " = new byte[8]; " + (wide ? "long " : "int ") + v + " = #0; ");
        int start = random.nextInt(8), count = 1 + random.nextInt(8 - start);
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < count; k++) order.add(k);
        if (random.nextInt(4) == 0) Collections.shuffle(order, random);
        boolean constants = random.nextInt(4) == 0;
        for (int k : order) {
            String value = constants ? String.valueOf(random.nextInt(256) - 128)
                    : "(byte) (" + v + (random.nextBoolean() ? " >>> " : " >> ") + (8 * k + (random.nextInt(8) == 0 ? 4 : 0)) + ")";
            text.append(b).append("[").append(start + k).append("] = ").append(value).append("; ");
        }
        text.append("out.put(SLOT(").append(random.nextInt(SLOTS)).append("), (long) ").append(b).append("[(#1) & 7] << 8 | ")
                .append(b).append("[(#2) & 7] & 0xff); }");
        return Stmt.simple(text.toString(), true, expr(wide ? LONG : INT, 2), expr(INT, 2), expr(INT, 2));
    }

    /**
     * A block move: {@code System.arraycopy} between the stack arrays (the same one too, so
     * overlapping) or {@code Arrays.fill} of one, at constant positions in bounds (the compiler
     * refuses others, as Java would throw); or a packet header copied to a stack struct with
     * {@code Structs.copy}, read, changed and copied back. Only the header without a boolean:
     * the JVM writes a boolean back as 0 or 1 where the kernel copies the byte it read.
     */
    private Stmt blockMove() {
        if (arrays.isEmpty() && arrayCount < MAX_ARRAYS && random.nextBoolean()) {
            // a new array of distinct values, filled in part: later block moves copy within it and between arrays
            arrayCount++;
            String a = "a" + names++;
            int from = random.nextInt(9);
            Expr[] values = new Expr[9];
            for (int i = 0; i < 9; i++) {
                values[i] = expr(INT, 1);
            }
            arrays.add(a);
            return Stmt.simple("int[] " + a + " = {#0, #1, #2, #3, #4, #5, #6, #7}; java.util.Arrays.fill(" + a + ", " + from
                    + ", " + (from + random.nextInt(9 - from)) + ", #8);", false, values);
        }
        if (arrays.isEmpty() || random.nextInt(3) == 0) {
            Var target = target(null);
            if (target == null || structCopies == MAX_STRUCT_COPIES) {
                return assign();
            }
            String h = "h" + names++;
            String c = "s" + names++;
            String[] read = pick(FLAT_FIELDS);
            String[] written = pick(FLAT_FIELDS);
            structCopies++;
            String back = random.nextBoolean() ? " Structs.copy(" + h + ", " + c + ");" : "";
            return Stmt.simple("{ " + Batch.FLAT_STRUCT + " " + h + " = ctx.header(#0, " + Batch.FLAT_STRUCT + ".class); if (" + h
                    + " != null) { " + Batch.FLAT_STRUCT + " " + c + " = new " + Batch.FLAT_STRUCT + "(); Structs.copy(" + c + ", "
                    + h + "); " + target.name + " " + pick(INT_BINARY) + "= " + c + "." + read[1] + "; " + c + "." + written[1]
                    + " = (" + written[0] + ") (#1);" + back + " } }", true, offset(),
                    expr(written[0].equals("long") ? LONG : INT, 2));
        }
        String a = pick(arrays);
        if (random.nextInt(3) > 0) {
            // 2 to 7 elements: within one array the ranges mostly overlap, in either direction
            int length = 2 + random.nextInt(6);
            return Stmt.simple("System.arraycopy(" + a + ", " + random.nextInt(9 - length) + ", " + pick(arrays) + ", "
                    + random.nextInt(9 - length) + ", " + length + ");", true);
        }
        if (random.nextBoolean()) {
            return Stmt.simple("java.util.Arrays.fill(" + a + ", #0);", true, expr(INT, 2));
        }
        int from = random.nextInt(9);
        return Stmt.simple("java.util.Arrays.fill(" + a + ", " + from + ", " + (from + random.nextInt(9 - from)) + ", #0);", true,
                expr(INT, 2));
    }

    /** A block has its own scope: its declarations end with it. */
    private List<Stmt> block(int depth, boolean inLoop) {
        List<Var> saved = new ArrayList<>(scope);
        List<String> savedArrays = new ArrayList<>(arrays);
        List<Stmt> out = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(statement(depth, inLoop));
        }
        scope = saved;
        arrays = savedArrays;
        return out;
    }

    /**
     * An index into an 8-element array, always in bounds (the JVM would throw where BPF reads 0),
     * sometimes a remainder: the verifier loses a remainder's range unless it is widened by w = w.
     */
    private String index(String hole) {
        return switch (random.nextInt(4)) {
            case 0 -> "((" + hole + ") & 0x7fffffff) % 8";
            case 1 -> "Integer.remainderUnsigned(" + hole + ", 8)";
            default -> hole + " & 7";
        };
    }

    private Stmt assign() {
        if (!arrays.isEmpty() && random.nextInt(4) == 0) {
            return blockMove();
        }
        if (!arrays.isEmpty() && random.nextInt(4) == 0) {
            return Stmt.simple(pick(arrays) + "[" + index("#0") + "] " + (random.nextBoolean() ? "=" : pick(INT_BINARY) + "=") + " #1;",
                    true, expr(INT, 2), expr(INT, 3));
        }
        Var t = target(null);
        if (t == null) {
            return declare("int", expr(INT, 2));
        }
        Kind k = t.kind();
        boolean narrow = !t.type.equals("int") && !t.type.equals("long");
        switch (random.nextInt(6)) {
            case 0:
                return Stmt.simple(t.name + (random.nextBoolean() ? "++;" : "--;"), true);
            case 1:
                String shift = pick(SHIFTS);
                return Stmt.simple(t.name + " " + shift + "= #0;", true,
                        k == LONG && shift.equals("<<") ? shiftCount(1) : expr(INT, 1));
            case 2:
                return Stmt.simple(t.name + (random.nextBoolean() ? " /= #0;" : " %= #0;"), true, Expr.nonZero(expr(k, 2)));
            case 3:
                boolean wide = k == LONG || random.nextBoolean();
                return Stmt.simple(t.name + " " + pick(INT_BINARY) + "= #0;", true, expr(wide ? LONG : INT, 3));
            default:
                return narrow ? Stmt.simple(t.name + " = (" + t.type + ") (#0);", true, expr(INT, 3))
                        : Stmt.simple(t.name + " = #0;", true, expr(k, 3));
        }
    }

    /** An assignable local of {@code kind} (any kind when null), or null when there is none. */
    private Var target(Kind kind) {
        List<Var> candidates = scope.stream()
                .filter(v -> v.assignable && (kind == null || v.type.equals(kind == LONG ? "long" : "int"))).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private Expr offset() {
        return random.nextBoolean() ? Expr.leaf(INT, Integer.toString(random.nextInt(72)))
                : Expr.of(INT, "($0 & 63)", expr(INT, 1));
    }

    Expr expr(Kind kind, int depth) {
        if (depth <= 0 || random.nextInt(5) == 0) {
            return leaf(kind);
        }
        int d = depth - 1;
        return switch (kind) {
            case INT -> intExpr(d);
            case LONG -> longExpr(d);
            case BOOL -> boolExpr(d);
        };
    }

    private Expr intExpr(int d) {
        switch (random.nextInt(20)) {
            case 0, 1, 2:
                return Expr.of(INT, "($0 " + pick(INT_BINARY) + " $1)", expr(INT, d), expr(INT, d));
            case 3, 4:
                return Expr.of(INT, "($0 " + pick(SHIFTS) + " $1)", expr(INT, d), shiftCount(d));
            case 5:
                return Expr.of(INT, random.nextBoolean() ? "($0 / $1)" : "($0 % $1)", expr(INT, d), Expr.nonZero(expr(INT, d)));
            case 6:
                return Expr.of(INT, random.nextBoolean() ? "(-$0)" : "(~$0)", expr(INT, d));
            case 7:
                return Expr.of(INT, "((int) $0)", expr(LONG, d));
            case 8:
                return Expr.of(INT, "((" + pick(NARROW) + ") $0)", expr(random.nextBoolean() ? INT : LONG, d));
            case 9:
                return Expr.of(INT, "($0 ? $1 : $2)", expr(BOOL, d), expr(INT, d), expr(INT, d));
            case 10:
                return Expr.of(INT, random.nextBoolean() ? "Integer.compareUnsigned($0, $1)" : "Integer.compare($0, $1)",
                        expr(INT, d), expr(INT, d));
            case 11:
                return Expr.of(INT, random.nextBoolean() ? "Integer.divideUnsigned($0, $1)" : "Integer.remainderUnsigned($0, $1)",
                        expr(INT, d), Expr.nonZero(expr(INT, d)));
            case 12:
                return switch (random.nextInt(3)) {
                    case 0 -> Expr.of(INT, "Math.min($0, $1)", expr(INT, d), expr(INT, d));
                    case 1 -> Expr.of(INT, "Math.max($0, $1)", expr(INT, d), expr(INT, d));
                    default -> Expr.of(INT, "Math.abs($0)", expr(INT, d));
                };
            case 13:
                return switch (random.nextInt(4)) {
                    case 0 -> Expr.of(INT, "Integer.reverseBytes($0)", expr(INT, d));
                    case 1 -> Expr.of(INT, "Byte.toUnsignedInt((byte) $0)", expr(INT, d));
                    case 2 -> Expr.of(INT, "Short.toUnsignedInt((short) $0)", expr(INT, d));
                    default -> Expr.of(INT, "Short.reverseBytes((short) $0)", expr(INT, d));
                };
            case 14:
                return Expr.of(INT, random.nextBoolean() ? "Long.compareUnsigned($0, $1)" : "Long.compare($0, $1)",
                        expr(LONG, d), expr(LONG, d));
            case 15:
                if (!helperCalls.isEmpty()) {
                    return Expr.of(INT, pick(helperCalls) + "($0, $1)", expr(INT, d), expr(LONG, d));
                }
                return leaf(INT);
            case 16:
                if (!arrays.isEmpty()) {
                    return Expr.of(INT, pick(arrays) + "[" + index("$0") + "]", expr(INT, d));
                }
                return leaf(INT);
            default:
                return packet ? packetRead(d) : leaf(INT);
        }
    }

    private Expr packetRead(int d) {
        Expr offset = d > 0 && random.nextBoolean() ? Expr.of(INT, "($0 & 63)", expr(INT, d)) : offset();
        return switch (random.nextInt(5)) {
            case 0 -> Expr.of(INT, "ctx.u8($0)", offset);
            case 1 -> Expr.of(INT, "ctx.u16($0)", offset);
            case 2 -> Expr.of(INT, "((int) ctx.u32($0))", offset);
            case 3 -> Expr.leaf(INT, "ctx.length()");
            default -> Expr.of(INT, "ctx.u8($0)", Expr.leaf(INT, Integer.toString(random.nextInt(20))));
        };
    }

    private Expr shiftCount(int d) {
        return random.nextBoolean() ? Expr.leaf(INT, Integer.toString(random.nextInt(70))) : expr(INT, d);
    }

    private Expr longExpr(int d) {
        switch (random.nextInt(14)) {
            case 0, 1, 2:
                return Expr.of(LONG, "($0 " + pick(INT_BINARY) + " $1)", expr(LONG, d), expr(random.nextInt(3) == 0 ? INT : LONG, d));
            case 3, 4:
                String shift = pick(SHIFTS);
                return Expr.of(LONG, "($0 " + shift + " $1)", expr(LONG, d),
                        shiftCount(d));
            case 5:
                return Expr.of(LONG, random.nextBoolean() ? "($0 / $1)" : "($0 % $1)", expr(LONG, d), Expr.nonZero(expr(LONG, d)));
            case 6:
                return Expr.of(LONG, random.nextBoolean() ? "(-$0)" : "(~$0)", expr(LONG, d));
            case 7:
                return Expr.of(LONG, random.nextBoolean() ? "((long) $0)" : "Integer.toUnsignedLong($0)", expr(INT, d));
            case 8:
                return Expr.of(LONG, "($0 ? $1 : $2)", expr(BOOL, d), expr(LONG, d), expr(LONG, d));
            case 9:
                return Expr.of(LONG, random.nextBoolean() ? "Long.divideUnsigned($0, $1)" : "Long.remainderUnsigned($0, $1)",
                        expr(LONG, d), Expr.nonZero(expr(LONG, d)));
            case 10:
                return switch (random.nextInt(3)) {
                    case 0 -> Expr.of(LONG, "Math.min($0, $1)", expr(LONG, d), expr(LONG, d));
                    case 1 -> Expr.of(LONG, "Math.max($0, $1)", expr(LONG, d), expr(LONG, d));
                    default -> Expr.of(LONG, "Math.abs($0)", expr(LONG, d));
                };
            case 11:
                return packet ? Expr.of(LONG, "ctx.u32($0)", offset()) : leaf(LONG);
            default:
                return Expr.of(LONG, "($0 * $1)", expr(INT, d), expr(LONG, d));
        }
    }

    private Expr boolExpr(int d) {
        switch (random.nextInt(9)) {
            case 0, 1:
                return Expr.of(BOOL, "($0 " + pick(COMPARISONS) + " $1)", expr(INT, d), expr(INT, d));
            case 2:
                return Expr.of(BOOL, "($0 " + pick(COMPARISONS) + " $1)", expr(LONG, d), expr(random.nextBoolean() ? INT : LONG, d));
            case 3:
                return Expr.of(BOOL, (random.nextBoolean() ? "(Integer" : "(Long") + ".compareUnsigned($0, $1) "
                        + pick(COMPARISONS) + " 0)", expr(INT, d), expr(INT, d));
            case 4:
                return Expr.of(BOOL, "($0 " + pick(new String[] {"&&", "||", "^", "&", "|"}) + " $1)", expr(BOOL, d), expr(BOOL, d));
            case 5:
                return Expr.of(BOOL, "(!$0)", expr(BOOL, d));
            case 7:
                return bitTests();
            case 8:
                return fieldTest(d);
            default:
                return Expr.of(BOOL, "(($0 & $1) != 0)", expr(INT, d), Expr.leaf(INT, Integer.toString(1 << random.nextInt(31))));
        }
    }

    /**
     * Two or three tests of bits of one value joined by {@code &&} or {@code ||}, as flags are
     * tested ({@code (flags & SYN) != 0 && (flags & ACK) == 0}): one bit or a pattern of several,
     * set or clear, which may merge into one test of a mask.
     */
    private Expr bitTests() {
        Expr value = packet && random.nextBoolean() ? Expr.of(INT, "ctx.u8($0)", Expr.leaf(INT, Integer.toString(random.nextInt(20)))) : leaf(INT);
        String join = random.nextBoolean() ? " && " : " || ";
        StringBuilder tests = new StringBuilder("(");
        for (int k = 2 + random.nextInt(2); k > 0; k--) {
            int mask = random.nextInt(4) > 0 ? 1 << random.nextInt(random.nextBoolean() ? 8 : 32) : random.nextInt(0x100);
            int pattern = random.nextBoolean() ? 0 : random.nextInt(8) == 0 ? random.nextInt() : random.nextInt() & mask;
            tests.append(String.format("($0 & 0x%X) %s 0x%X", mask, random.nextBoolean() ? "==" : "!=", pattern)).append(k > 1 ? join : ")");
        }
        return Expr.of(BOOL, tests.toString(), value);
    }

    /**
     * A header field tested as network code tests it: swapped to host order, shifted and masked,
     * against a constant the field can equal ({@code Integer.reverseBytes(ip) >>> 24 == 127}).
     */
    private Expr fieldTest(int d) {
        Expr word = packet && random.nextBoolean() ? packetRead(d) : expr(INT, d);
        String field = pick(new String[] {"Integer.reverseBytes($0)", "Character.reverseBytes((char) $0)", "Short.reverseBytes((short) $0)", "$0"});
        int shift = new int[] {0, 4, 8, 16, 24}[random.nextInt(5)];
        int mask = random.nextBoolean() ? new int[] {0xF, 0xFF, 0xFF00, 0x1FFF, 0xFFFF, -1}[random.nextInt(6)] : random.nextInt();
        int k = random.nextInt(4) == 0 ? random.nextInt() : random.nextInt() & mask & (-1 >>> shift);
        return Expr.of(BOOL, String.format("((%s >>> %d & 0x%X) %s 0x%X)", field, shift, mask, random.nextBoolean() ? "==" : "!=", k), word);
    }

    private Expr leaf(Kind kind) {
        if (kind == BOOL) {
            return Expr.leaf(BOOL, random.nextBoolean() ? "true" : "false");
        }
        List<Var> vars = scope.stream().filter(v -> kind == LONG || v.kind() == INT).toList();
        if (!vars.isEmpty() && random.nextInt(3) > 0) {
            Var v = vars.get(random.nextInt(vars.size()));
            return v.kind() == kind ? Expr.leaf(kind, v.name) : Expr.of(kind, "((long) $0)", Expr.leaf(INT, v.name));
        }
        if (kind == INT) {
            int value = random.nextBoolean() ? INT_EDGES[random.nextInt(INT_EDGES.length)] : random.nextInt();
            return Expr.leaf(INT, value < 0 ? "(" + value + ")" : Integer.toString(value));
        }
        long value = random.nextBoolean() ? LONG_EDGES[random.nextInt(LONG_EDGES.length)] : random.nextLong();
        return Expr.leaf(LONG, value < 0 ? "(" + value + "L)" : value + "L");
    }

    private <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
