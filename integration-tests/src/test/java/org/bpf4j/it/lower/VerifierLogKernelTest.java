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
        BpfObjectFile file = BpfObjectFile.openResource(ContextWrite.class, "/META-INF/bpf/org.bpf4j.it.lower.ContextWrite.bpf.o");
        VerifierException e = assertThrows(VerifierException.class, file::load);
        assertTrue(e.getMessage().contains("ctx.mark = 7;") && e.getMessage().contains("ContextWrite.java"), e.getMessage());
    }
}
