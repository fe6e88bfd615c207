package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;

import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * A header read before a helper that may move the packet ({@code changesPacket} on its
 * {@code @Helper}) and used after it is a javac error, on any path, through BPF functions too;
 * reading it again after the call is accepted.
 */
class StaleHeaderTest {
    private static final String STALE = "points into the packet as it was before a call that may move it";

    private static String tc(String members, String body) {
        return String.join("\n",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Prog {",
                members,
                "    @BpfProgram(type = ProgramType.TC)",
                "    static int prog(SkBuffContext ctx) {",
                body,
                "    }",
                "}");
    }

    private static final String READ = "        Ipv4Hdr ip = ctx.header(14, Ipv4Hdr.class);\n        if (ip == null) return 0;\n";

    @Test
    void useAfterCsumReplaceIsAnError() {
        rejected(tc("", READ + "        Bpf.l3CsumReplace(ctx, 24, 0, 0, 2);\n        return ip.ttl;"), STALE, "return ip.ttl", 16);
    }

    @Test
    void useAfterAChangeOnOnePathIsAnError() {
        rejected(tc("", READ + "        if (ip.ttl == 1) Bpf.skbStoreBytes(ctx, 22, new byte[1], 0);\n"
                + "        ip.ttl = 2;\n        return 0;"), STALE, "ip.ttl = 2", 9);
    }

    @Test
    void headerReadAgainIsAccepted() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", tc("", READ
                + "        Bpf.l3CsumReplace(ctx, 24, 0, 0, 2);\n"
                + "        Ipv4Hdr again = ctx.header(14, Ipv4Hdr.class);\n        return again == null ? 0 : again.ttl;")));
        assertThat(h.compilation).succeededWithoutWarnings();
    }

    @Test
    void xdpAdjustHeadMakesHeadersStale() {
        rejected(RejectedConstructsTest.program("", "        EthHdr eth = ctx.header(0, EthHdr.class);\n"
                + "        if (eth == null) return 0;\n        Bpf.xdpAdjustHead(ctx, 4);\n        return eth.proto;"),
                STALE, "return eth.proto", 16);
    }

    @Test
    void parameterUsedAfterAChangeInsideABpfFunctionIsAnError() {
        rejected(tc("    @BpfFunction static int touch(SkBuffContext ctx, Ipv4Hdr ip) {\n"
                        + "        Bpf.l3CsumReplace(ctx, 24, 0, 0, 2);\n        return ip.ttl;\n    }",
                READ + "        return touch(ctx, ip);"), STALE, "return ip.ttl", 16);
    }

    @Test
    void callerHeaderAfterABpfFunctionThatChangesThePacketIsAnError() {
        rejected(tc("    @BpfFunction static void change(SkBuffContext ctx) {\n"
                        + "        Bpf.l3CsumReplace(ctx, 24, 0, 0, 2);\n    }",
                READ + "        change(ctx);\n        return ip.ttl;"), STALE, "return ip.ttl", 16);
    }
}
