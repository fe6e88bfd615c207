package org.bpf4j.it.lower;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.VerifierException;
import org.junit.jupiter.api.Test;

/** The verifier's log quotes the Java source through the object's line_info. */
@KernelTest
class VerifierLogKernelTest {

    @Test
    void rejectionQuotesTheJavaLine() {
        BpfObjectFile file = BpfObjectFile.openResource(GplOnly.class, "/META-INF/bpf/org.bpf4j.it.lower.GplOnly.bpf.o");
        VerifierException e = assertThrows(VerifierException.class, file::load);
        assertTrue(e.getMessage().contains("int index = ctx.ingressIfindex;") && e.getMessage().contains("GplOnly.java"), e.getMessage());
    }
}
