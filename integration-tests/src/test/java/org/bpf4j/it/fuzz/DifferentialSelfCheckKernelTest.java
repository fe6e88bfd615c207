package org.bpf4j.it.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's own machinery can see a disagreement: a program that stores the clock
 * ({@code Bpf.ktimeGetNs()}, which no two runs share) into the map must be reported as a
 * mismatch with its disassembly, and shrunk to the statement that causes it.
 */
@KernelTest
class DifferentialSelfCheckKernelTest {
    @Test
    void aDisagreementIsReportedAndShrunk() {
        Program program = new Program("self-check", List.of(), List.of(
                Stmt.simple("int v0 = ctx.u8(0);", false),
                Stmt.simple("v0 += ctx.u16(2);", true),
                Stmt.simple("out.put(SLOT(1), (long) v0);", true),
                Stmt.simple("out.put(SLOT(0), Bpf.ktimeGetNs());", true)), Expr.leaf(Expr.Kind.INT, "v0"));
        Differential differential = new Differential(FuzzPackets.of(FuzzSettings.DEFAULT_SEED));
        List<Finding> findings = differential.run(List.of(program));
        assertEquals(List.of(Finding.Kind.MISMATCH), findings.stream().map(Finding::kind).toList());
        String report = findings.get(0).report();
        assertTrue(report.contains("map entry SLOT(0)") && report.contains("disassembly of p0"), report);

        Finding shrunk = new Shrinker(differential, 60_000).shrink(findings.get(0));
        String source = shrunk.report();
        assertEquals(Finding.Kind.MISMATCH, shrunk.kind());
        assertTrue(source.contains("Bpf.ktimeGetNs()"), source);
        assertFalse(source.contains("ctx.u16") || source.contains("(long) v0"), "not shrunk:\n" + source);
    }
}
