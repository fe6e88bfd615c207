package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;

import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * Direct packet access as the verifier allows it per program type: none for socket filters,
 * reads only for cgroup skb programs, reads and writes for TC.
 */
class PacketAccessByProgramTypeTest {

    private static String program(String type, String body) {
        return String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                "    @BpfProgram(type = ProgramType." + type + ")",
                "    static int prog(SkBuffContext ctx) {",
                body,
                "    }",
                "}");
    }

    private static final String READ = "        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);\n"
            + "        return ip == null ? 0 : ip.ttl;";
    private static final String WRITE = "        Ipv4Hdr ip = ctx.header(0, Ipv4Hdr.class);\n"
            + "        if (ip == null) return 0;\n        ip.ttl = 1;\n        return 1;";

    @Test
    void socketFilterHeaderIsAnError() {
        rejected(program("SOCKET_FILTER", READ), "SOCKET_FILTER programs have no direct packet access: the verifier refuses "
                + "their context's data and data_end; copy the bytes you need with Bpf.skbLoadBytes(ctx, offset, buffer)",
                "ctx.header(", 32);
    }

    @Test
    void socketFilterRawLoadIsAnError() {
        rejected(program("SOCKET_FILTER", "        return ctx.u8(0);"),
                "SOCKET_FILTER programs have no direct packet access", "ctx.u8(", 22);
    }

    @Test
    void cgroupSkbReadsAreAccepted() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program("CGROUP_SKB_INGRESS", READ)));
        assertThat(h.compilation).succeededWithoutWarnings();
    }

    @Test
    void cgroupSkbHeaderWriteIsAnError() {
        rejected(program("CGROUP_SKB_EGRESS", WRITE), "CGROUP_SKB_EGRESS programs may read the packet but not write it",
                "ip.ttl = 1", 11);
    }

    @Test
    void cgroupSkbRawStoreIsAnError() {
        rejected(program("CGROUP_SKB_INGRESS", "        return ctx.storeU8(0, 1) ? 1 : 0;"),
                "CGROUP_SKB_INGRESS programs may read the packet but not write it", "ctx.storeU8(", 27);
    }

    @Test
    void tcWritesAreAccepted() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program("TC", WRITE)));
        assertThat(h.compilation).succeededWithoutWarnings();
    }
}
