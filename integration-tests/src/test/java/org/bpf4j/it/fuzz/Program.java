package org.bpf4j.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated XDP program: its static helper methods, the body of its
 * {@code @BpfProgram int NAME(XdpContext ctx)} and the returned expression. The text uses the
 * placeholders {@value #NAME} (the method's name) and {@code SLOT(k)} (its k-th entry of the
 * shared array map), fixed when a batch places the program in a class.
 */
record Program(String origin, List<String> helpers, List<Stmt> body, Expr result) {
    static final String NAME = "PNAME";

    Program {
        helpers = List.copyOf(helpers);
        body = List.copyOf(body);
    }

    /** The Java text of the program as method {@code name} owning map entries {@code slotBase ..}. */
    String render(String name, int slotBase) {
        StringBuilder out = new StringBuilder();
        for (String helper : helpers) {
            out.append(helper).append('\n');
        }
        out.append("    @BpfProgram(type = ProgramType.XDP)\n");
        out.append("    static int ").append(NAME).append("(XdpContext ctx) {\n");
        for (Stmt s : body) {
            s.render(out, "        ");
        }
        out.append("        return ").append(result.render()).append(";\n    }\n");
        String text = out.toString().replace(NAME, name);
        for (int k = 0; k < ProgramGenerator.SLOTS; k++) {
            text = text.replace("SLOT(" + k + ")", Integer.toString(slotBase + k));
        }
        return text;
    }

    /** Programs one step smaller, to be tried in this order. */
    List<Program> simplifications() {
        List<Program> out = new ArrayList<>();
        for (List<Stmt> simpler : Stmt.simplifications(body)) {
            out.add(new Program(origin, helpers, simpler, result));
        }
        for (Expr simpler : result.simplifications()) {
            out.add(new Program(origin, helpers, body, simpler));
        }
        return out;
    }

    int size() {
        int n = result.size();
        for (Stmt s : body) {
            n += s.size();
        }
        return n;
    }
}
