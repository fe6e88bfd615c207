package org.bpf4j.processor.lower;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.bpf4j.processor.lower.RejectedConstructsTest.program;
import static org.bpf4j.processor.lower.RejectedConstructsTest.rejected;

import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * A struct created with {@code new} in BPF code allocates its {@code @Size} arrays and nested
 * structs in their declarations, with the declared length: otherwise they are null on the JVM
 * while the kernel's struct holds them inline.
 */
class StructMemberAllocationTest {
    private static final String BODY = "        Rec r = new Rec();\n        r.mac[0] = 1;\n        return r.mac[0];";

    @Test
    void allocatedMembersAreAccepted() {
        LowerHarness h = LowerHarness.compile(JavaFileObjects.forSourceString("demo.Prog", program(
                "    @BpfStruct public static final class In { @Size(2) public short[] s = new short[2]; }\n"
                        + "    @BpfStruct public static final class Rec { @Size(6) public byte[] mac = new byte[6]; "
                        + "public In in = new In(); }", BODY)));
        assertThat(h.compilation).succeededWithoutWarnings();
    }

    @Test
    void arrayWithoutInitializerIsAnErrorAtNew() {
        rejected(program("    @BpfStruct public static final class Rec { @Size(6) public byte[] mac; }", BODY),
                "new Rec() leaves Rec.mac null on the JVM, where the kernel's struct holds 6 zeroed elements: declare it "
                        + "as '@Size(6) public byte[] mac = new byte[6];'", "new Rec()", 17);
    }

    @Test
    void arrayOfAnotherLengthIsAnError() {
        rejected(program("    @BpfStruct public static final class Rec { @Size(6) public byte[] mac = new byte[4]; }", BODY),
                "Rec.mac is @Size(6) in the kernel but new byte[4] on the JVM: allocate new byte[6]", "new byte[4]", 77);
    }

    @Test
    void nestedStructWithoutInitializerIsAnError() {
        rejected(program("    @BpfStruct public static final class In { public int a; }\n"
                        + "    @BpfStruct public static final class Rec { @Size(6) public byte[] mac = new byte[6]; public In in; }",
                BODY), "new Rec() leaves Rec.in null on the JVM, where the kernel's struct holds it inline: declare it "
                        + "with '= new In()'", "new Rec()", 17);
    }

    @Test
    void membersOfANestedStructAreCheckedToo() {
        rejected(program("    @BpfStruct public static final class In { @Size(2) public short[] s; }\n"
                        + "    @BpfStruct public static final class Rec { @Size(6) public byte[] mac = new byte[6]; "
                        + "public In in = new In(); }", BODY),
                "new In() leaves In.s null on the JVM", "new Rec()", 17);
    }
}
