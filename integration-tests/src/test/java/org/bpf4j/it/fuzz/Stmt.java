package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated Java statement: a template with expression holes {@code #0, #1, ...} and block
 * holes {@code @0, @1, ...}. {@code removable} statements may be dropped by the shrinker
 * (declarations are not: later statements read them); {@code inlinable} ones may be replaced by
 * the statements of one of their blocks (every generated name is unique within its program,
 * so inlining never clashes).
 */
record Stmt(String template, List<Expr> exprs, List<List<Stmt>> blocks, boolean removable, boolean inlinable) {
    Stmt {
        exprs = List.copyOf(exprs);
        blocks = blocks.stream().map(List::copyOf).toList();
    }

    static Stmt simple(String template, boolean removable, Expr... exprs) {
        return new Stmt(template, List.of(exprs), List.of(), removable, false);
    }

    /** Whether this statement may jump out of the block it is in (the rest of that block may then be dead). */
    boolean mayLeave() {
        return template.contains("break") || template.contains("continue") || template.contains("return")
                || blocks.stream().flatMap(List::stream).anyMatch(Stmt::mayLeave);
    }

    void render(StringBuilder out, String indent) {
        out.append(indent);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            boolean hole = (c == '#' || c == '@') && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1));
            if (!hole) {
                out.append(c);
            } else if (c == '#') {
                out.append(exprs.get(template.charAt(++i) - '0').render());
            } else {
                out.append("{\n");
                for (Stmt s : blocks.get(template.charAt(++i) - '0')) {
                    s.render(out, indent + "    ");
                }
                out.append(indent).append('}');
            }
        }
        out.append('\n');
    }

    /** Statement lists simpler than {@code list}: chunks of statements dropped first, then single steps. */
    static List<List<Stmt>> simplifications(List<Stmt> list) {
        List<List<Stmt>> out = new ArrayList<>();
        for (int chunk = list.size() / 2; chunk >= 2; chunk /= 2) {
            for (int from = 0; from + chunk <= list.size(); from += chunk) {
                List<Stmt> kept = new ArrayList<>(list.subList(0, from));
                list.subList(from, from + chunk).stream().filter(s -> !s.removable).forEach(kept::add);
                kept.addAll(list.subList(from + chunk, list.size()));
                if (kept.size() < list.size()) {
                    out.add(kept);
                }
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Stmt s = list.get(i);
            if (s.removable) {
                out.add(replace(list, i, List.of()));
            }
            if (s.inlinable) {
                for (List<Stmt> block : s.blocks) {
                    out.add(replace(list, i, block));
                }
            }
        }
        for (int i = 0; i < list.size(); i++) {
            for (Stmt simpler : list.get(i).simplifications()) {
                out.add(replace(list, i, List.of(simpler)));
            }
        }
        return out;
    }

    private List<Stmt> simplifications() {
        List<Stmt> out = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            for (List<Stmt> simpler : simplifications(blocks.get(b))) {
                List<List<Stmt>> changed = new ArrayList<>(blocks);
                changed.set(b, simpler);
                out.add(new Stmt(template, exprs, changed, removable, inlinable));
            }
        }
        for (int e = 0; e < exprs.size(); e++) {
            for (Expr simpler : exprs.get(e).simplifications()) {
                List<Expr> changed = new ArrayList<>(exprs);
                changed.set(e, simpler);
                out.add(new Stmt(template, changed, blocks, removable, inlinable));
            }
        }
        return out;
    }

    private static List<Stmt> replace(List<Stmt> list, int index, List<Stmt> with) {
        List<Stmt> out = new ArrayList<>(list.subList(0, index));
        out.addAll(with);
        out.addAll(list.subList(index + 1, list.size()));
        return out;
    }

    int size() {
        int n = 1;
        for (Expr e : exprs) {
            n += e.size();
        }
        for (List<Stmt> block : blocks) {
            for (Stmt s : block) {
                n += s.size();
            }
        }
        return n;
    }
}
