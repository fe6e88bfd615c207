package org.bpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Declarations the model rejects: a javac error at the offending line, naming the fix. */
class ModelValidationTest {

    private static JavaFileObject source(String... lines) {
        return JavaFileObjects.forSourceLines("demo.Bad", lines);
    }

    private static final String[] HEADER = {
        "package demo;",
        "import org.bpf4j.annotation.*;",
        "import org.bpf4j.lang.*;",
        "public final class Bad {",
    };

    /** HEADER, then {@code body} from line 5, then the closing brace. */
    private static JavaFileObject bad(String... body) {
        String[] lines = new String[HEADER.length + body.length + 1];
        System.arraycopy(HEADER, 0, lines, 0, HEADER.length);
        System.arraycopy(body, 0, lines, HEADER.length, body.length);
        lines[lines.length - 1] = "}";
        return source(lines);
    }

    private static Compilation compile(JavaFileObject source) {
        return Compiler.javac().withProcessors(new BpfProcessor()).compile(source);
    }

    @Test
    void programMustBeStatic() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.XDP)",
                "  int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("must be static").inFile(src).onLine(6).atColumn(7);
    }

    @Test
    void programTakesItsContextType() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.XDP)",
                "  static int run(SkBuffContext ctx) { return 2; }");
        assertThat(compile(src))
                .hadErrorContaining("a XDP program takes exactly one parameter of type XdpContext")
                .inFile(src).onLine(6);
    }

    @Test
    void programReturnsIntOrLong() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.XDP)",
                "  static void run(XdpContext ctx) { }");
        assertThat(compile(src)).hadErrorContaining("must return int").inFile(src).onLine(6);
    }

    @Test
    void explicitSectionMustMatchTheType() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.XDP, section = \"tc\")",
                "  static int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("section \"tc\" is a TC section")
                .inFile(src).onLine(5);
    }

    @Test
    void btfTypedProgramNeedsATarget() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FENTRY)",
                "  static int entry(int dfd) { return 0; }");
        assertThat(compile(src)).hadErrorContaining("a FENTRY program needs its target at load time")
                .inFile(src).onLine(5);
    }

    @Test
    void anLsmProgramReturnsAnIntVerdict() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.LSM, target = \"path_mkdir\")",
                "  static long guard(long dir) { return 0; }");
        assertThat(compile(src)).hadErrorContaining("an LSM program returns its verdict, an int")
                .inFile(src).onLine(6);
    }

    @Test
    void anFmodRetProgramReturnsAnInt() {
        JavaFileObject src = bad("  @BpfProgram(type = ProgramType.FMOD_RET, target = \"security_path_mkdir\")",
                "  static long refuse(long dir) { return 0; }");
        assertThat(compile(src)).hadErrorContaining("an fmod_ret program returns an int: 0 lets the function run")
                .inFile(src).onLine(6);
    }

    @Test
    void mapKeyTypeNeedsAKernelLayout() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 16)",
                "  static BpfHashMap<String, Long> names;");
        assertThat(compile(src)).hadErrorContaining("map key type java.lang.String has no kernel layout")
                .inFile(src).onLine(6).atColumn(35);
    }

    @Test
    void byteArrayKeyNeedsASize() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 16)",
                "  static BpfHashMap<byte[], Long> macs;");
        assertThat(compile(src)).hadErrorContaining("set @BpfMap(keySize = n)").inFile(src).onLine(6);
    }

    @Test
    void byteArrayRecordIsRejected() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 4096)",
                "  static BpfRingBuffer<byte[]> raw;");
        assertThat(compile(src)).hadErrorContaining("declare a @BpfStruct record").inFile(src).onLine(6);
    }

    @Test
    void mapFieldMustBeAMapClass() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 16)",
                "  static java.util.HashMap<Integer, Long> plain;");
        assertThat(compile(src)).hadErrorContaining("which is not a map class of org.bpf4j.lang")
                .inFile(src).onLine(6);
    }

    @Test
    void rawMapTypeIsRejected() {
        JavaFileObject src = bad("  @SuppressWarnings(\"rawtypes\") @BpfMap(maxEntries = 16)",
                "  static BpfHashMap raw;");
        assertThat(compile(src)).hadErrorContaining("needs 2 type argument(s)").inFile(src).onLine(6);
    }

    @Test
    void ringBufferSizeMustBeAPowerOfTwoPages() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 5000)",
                "  static BpfRingBuffer<Long> events;");
        assertThat(compile(src)).hadErrorContaining("power of two and a multiple of the page size")
                .inFile(src).onLine(6);
    }

    @Test
    void configMustNotBeFinal() {
        JavaFileObject src = bad("  @BpfConfig static final int LIMIT = 3;",
                "  @BpfProgram(type = ProgramType.XDP) static int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("must not be final").inFile(src).onLine(5);
    }

    @Test
    void globalInitializerMustBeConstant() {
        JavaFileObject src = bad("  static long start = System.nanoTime();",
                "  @BpfProgram(type = ProgramType.XDP) static int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("must be a compile-time constant")
                .inFile(src).onLine(5);
    }

    @Test
    void globalMustBePrimitive() {
        JavaFileObject src = bad("  static String label;",
                "  @BpfProgram(type = ProgramType.XDP) static int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("cannot be a BPF global").inFile(src).onLine(5);
    }

    @Test
    void mapWithoutBpfMapIsPointedOut() {
        JavaFileObject src = bad("  static BpfHashMap<Integer, Long> counts;",
                "  @BpfProgram(type = ProgramType.XDP) static int run(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("is a map: annotate it with @BpfMap(maxEntries = n)")
                .inFile(src).onLine(5);
    }

    @Test
    void namesMustBeUnique() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 4, name = \"stats\") static BpfArrayMap<Long> a;",
                "  @BpfMap(maxEntries = 4, name = \"stats\") static BpfArrayMap<Long> b;");
        assertThat(compile(src)).hadErrorContaining("the name 'stats' is already used by a")
                .inFile(src).onLine(6);
    }

    @Test
    void namesCollidingInTheKernelAreRejected() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 4) static BpfArrayMap<Long> packetsPerProtocolA;",
                "  @BpfMap(maxEntries = 4) static BpfArrayMap<Long> packetsPerProtocolB;");
        assertThat(compile(src)).hadErrorContaining("which keeps the first 15 characters")
                .inFile(src).onLine(6);
    }

    @Test
    void oneLicensePerClass() {
        JavaFileObject src = bad(
                "  @BpfProgram(type = ProgramType.XDP) static int a(XdpContext ctx) { return 2; }",
                "  @BpfProgram(type = ProgramType.XDP, license = \"Dual BSD/GPL\") static int b(XdpContext ctx) { return 2; }");
        assertThat(compile(src)).hadErrorContaining("share one license").inFile(src).onLine(5);
    }

    @Test
    void structUsedByAMapIsChecked() {
        JavaFileObject src = bad("  @BpfMap(maxEntries = 4) static BpfArrayMap<Rec> recs;",
                "  @BpfStruct public static class Rec {",
                "    public float ratio;",
                "  }");
        assertThat(compile(src)).hadErrorContaining("BPF has no floating point").inFile(src).onLine(7);
    }
}
