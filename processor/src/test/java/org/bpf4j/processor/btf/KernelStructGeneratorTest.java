package org.bpf4j.processor.btf;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.processor.BpfProcessor;
import org.junit.jupiter.api.Test;

/** Declarations generated from BTF: only what is asked, in a shape the processor compiles CO-RE reads against. */
class KernelStructGeneratorTest {

    @Test
    void membersOfAnonymousUnionsAreFlatAndNamesCamelCase() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.addInt("unsigned int", 4, false);
        int union = b.addUnion("", 4, List.of(BtfType.Member.of("__state", u32, 0)));
        b.addStruct("demo_struct", 8, List.of(BtfType.Member.of("", union, 0), BtfType.Member.of("flags", u32, 32)));
        String source = new KernelStructGenerator(b.build(), Map.of("demo_struct", Optional.empty())).source("", "Demo");
        assertTrue(source.contains("@KernelStruct(\"demo_struct\")\n    public static final class DemoStruct {\n"
                + "        @CName(\"__state\") public int state;\n        public int flags;\n    }"), source);
    }

    @Test
    void aGeneratedTaskStructSubsetCompilesIntoCoReReads() throws Exception {
        assumeTrue(Files.isReadable(KernelBtf.VMLINUX), "the build machine has no kernel BTF");
        String generated = new KernelStructGenerator(KernelBtf.load(KernelBtf.VMLINUX).btf(),
                Map.of("task_struct", Optional.of(List.of("pid", "tgid", "real_parent", "comm")))).source("demo", "Kernel");
        assertEquals(1, generated.split("class TaskStruct").length - 1, generated);
        JavaFileObject types = JavaFileObjects.forSourceString("demo.Kernel", generated);
        JavaFileObject program = JavaFileObjects.forSourceLines("demo.Parent",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Parent {",
                "  @BpfConfig static int last = 0;",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    Kernel.TaskStruct task = Core.currentTask(Kernel.TaskStruct.class);",
                "    return task.realParent.tgid == last ? 1 : 0;",
                "  }",
                "}");
        Compilation c = Compiler.javac().withProcessors(new BpfProcessor()).compile(types, program);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void bitfieldsAreBitsMembers() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.addInt("unsigned int", 4, false);
        int u8 = b.addInt("unsigned char", 1, false);
        b.addStruct("demo_bits", 8, List.of(BtfType.Member.bitfield("flag", u32, 0, 1), BtfType.Member.bitfield("skc_reuse", u8, 1, 4),
                BtfType.Member.of("whole", u32, 32)));
        String source = new KernelStructGenerator(b.build(), Map.of("demo_bits", Optional.empty())).source("", "Demo");
        assertTrue(source.contains("@KernelStruct(\"demo_bits\")\n    public static final class DemoBits {\n"
                + "        @Bits(1) public boolean flag;\n        @Bits(4) @CName(\"skc_reuse\") public byte skcReuse;\n"
                + "        public int whole;\n    }"), source);
    }

    @Test
    void aGeneratedBitfieldCompilesIntoABitfieldRead() throws Exception {
        assumeTrue(Files.isReadable(KernelBtf.VMLINUX), "the build machine has no kernel BTF");
        String generated = new KernelStructGenerator(KernelBtf.load(KernelBtf.VMLINUX).btf(),
                Map.of("task_struct", Optional.of(List.of("tgid", "sched_reset_on_fork")))).source("demo", "Kernel");
        assertTrue(generated.contains("@Bits(1) @CName(\"sched_reset_on_fork\") public boolean schedResetOnFork;"), generated);
        JavaFileObject types = JavaFileObjects.forSourceString("demo.Kernel", generated);
        JavaFileObject program = JavaFileObjects.forSourceLines("demo.Reset",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Reset {",
                "  @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\")",
                "  static int run(TracepointContext ctx) {",
                "    Kernel.TaskStruct task = Core.currentTask(Kernel.TaskStruct.class);",
                "    return task.schedResetOnFork ? task.tgid : 0;",
                "  }",
                "}");
        Compilation c = Compiler.javac().withProcessors(new BpfProcessor()).compile(types, program);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void aStructByValueIsEmbeddedWhenItIsGeneratedToo() {
        BtfBuilder b = new BtfBuilder();
        int u32 = b.addInt("unsigned int", 4, false);
        int inner = b.addStruct("demo_inner", 4, List.of(BtfType.Member.of("value", u32, 0)));
        b.addStruct("demo_outer", 8, List.of(BtfType.Member.of("flags", u32, 0), BtfType.Member.of("__inner", inner, 32)));
        Map<String, Optional<List<String>>> both = new LinkedHashMap<>();
        both.put("demo_outer", Optional.empty());
        both.put("demo_inner", Optional.empty());
        String source = new KernelStructGenerator(b.build(), both).source("", "Demo");
        assertTrue(source.contains("@KernelStruct(\"demo_outer\")\n    public static final class DemoOuter {\n"
                + "        public int flags;\n        @Embedded @CName(\"__inner\") public DemoInner inner;\n    }"), source);
        String alone = new KernelStructGenerator(b.build(), Map.of("demo_outer", Optional.empty())).source("", "Demo");
        assertFalse(alone.contains("inner;"), "without demo_inner generated, the member has no Java shape:\n" + alone);
    }

    @Test
    void aGeneratedSockWithItsEmbeddedSockCommonCompilesIntoOneAccess() throws Exception {
        assumeTrue(Files.isReadable(KernelBtf.VMLINUX), "the build machine has no kernel BTF");
        Map<String, Optional<List<String>>> requests = new LinkedHashMap<>();
        requests.put("sock", Optional.of(List.of("__sk_common")));
        requests.put("sock_common", Optional.of(List.of("skc_daddr", "skc_dport")));
        String generated = new KernelStructGenerator(KernelBtf.load(KernelBtf.VMLINUX).btf(), requests).source("demo", "Kernel");
        assertTrue(generated.contains("@Embedded @CName(\"__sk_common\") public SockCommon skCommon;"), generated);
        assertTrue(generated.contains("@CName(\"skc_dport\") public char skcDport;"), "__be16 reads unsigned:\n" + generated);
        JavaFileObject types = JavaFileObjects.forSourceString("demo.Kernel", generated);
        JavaFileObject program = JavaFileObjects.forSourceLines("demo.Connects",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Connects {",
                "  static int last;",
                "  @BpfProgram(type = ProgramType.TP_BTF, target = \"inet_sock_set_state\")",
                "  static int run(Kernel.Sock sk, int oldState, int newState) {",
                "    last = sk.skCommon.skcDaddr + sk.skCommon.skcDport;",
                "    return 0;",
                "  }",
                "}");
        Compilation c = Compiler.javac().withProcessors(new BpfProcessor()).compile(types, program);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void aNamedEnumMemberHasAGeneratedKernelEnumAnAnonymousOneNoShapeAndACharPointerIsAString() {
        BtfBuilder b = new BtfBuilder();
        int state = b.addEnum("demo_state", 4, List.of(new BtfType.EnumValue("DEMO_IDLE", 0), new BtfType.EnumValue("DEMO_BUSY", 5)));
        int anonymous = b.addEnum("", 4, List.of(new BtfType.EnumValue("SS_FREE", 0)));
        int name = b.addPtr(b.addConst(b.addInt("char", 1, true)));
        b.addStruct("demo_enums", 16, List.of(BtfType.Member.of("state", b.addTypedef("demo_state_t", state), 0),
                BtfType.Member.of("anon", anonymous, 32), BtfType.Member.of("name", name, 64)));
        String source = new KernelStructGenerator(b.build(), Map.of("demo_enums", Optional.empty())).source("", "Demo");
        assertTrue(source.contains("@KernelStruct(\"demo_enums\")\n    public static final class DemoEnums {\n"
                + "        public DemoState state;\n        public String name;\n    }"), source);
        assertTrue(source.contains("@KernelEnum(\"demo_state\")\n    public enum DemoState {\n        DEMO_IDLE,\n        DEMO_BUSY\n    }"),
                source);
    }

    @Test
    void aGeneratedEnumMemberCompilesIntoComparisonsWithRelocatedValues() throws Exception {
        assumeTrue(Files.isReadable(KernelBtf.VMLINUX), "the build machine has no kernel BTF");
        String generated = new KernelStructGenerator(KernelBtf.load(KernelBtf.VMLINUX).btf(),
                Map.of("bpf_map", Optional.of(List.of("id", "map_type")))).source("demo", "Kernel");
        assertTrue(generated.contains("@CName(\"map_type\") public BpfMapType mapType;"), generated);
        JavaFileObject types = JavaFileObjects.forSourceString("demo.Kernel", generated);
        JavaFileObject program = JavaFileObjects.forSourceLines("demo.Maps",
                "package demo;",
                "import org.bpf4j.annotation.*;",
                "import org.bpf4j.lang.*;",
                "public final class Maps {",
                "  @BpfProgram(type = ProgramType.ITER, target = \"bpf_map\")",
                "  static int run(IterMeta meta, Kernel.BpfMap map) {",
                "    return map != null && map.mapType == Kernel.BpfMapType.BPF_MAP_TYPE_HASH ? map.id : 0;",
                "  }",
                "}");
        Compilation c = Compiler.javac().withProcessors(new BpfProcessor()).compile(types, program);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void anEnumAskedByNameIsGeneratedWithTheEnumeratorsListedOrAll() {
        BtfBuilder b = new BtfBuilder();
        b.addEnum("demo_state", 4, List.of(new BtfType.EnumValue("DEMO_IDLE", 0), new BtfType.EnumValue("DEMO_BUSY", 5),
                new BtfType.EnumValue("DEMO_GONE", 9)));
        Map<String, Optional<List<String>>> requests = new LinkedHashMap<>();
        requests.put("demo_state", Optional.of(List.of("DEMO_GONE", "DEMO_IDLE")));
        String source = new KernelStructGenerator(b.build(), requests).source("", "Demo");
        assertTrue(source.contains("@KernelEnum(\"demo_state\")\n    public enum DemoState {\n        DEMO_GONE,\n        DEMO_IDLE\n    }"),
                source);
        assertFalse(source.contains("@KernelStruct"), source);
        String all = new KernelStructGenerator(b.build(), Map.of("demo_state", Optional.empty())).source("", "Demo");
        assertTrue(all.contains("DEMO_IDLE,\n        DEMO_BUSY,\n        DEMO_GONE\n"), all);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new KernelStructGenerator(b.build(), Map.of("demo_state", Optional.of(List.of("DEMO_LOST")))).source("", "Demo"));
        assertEquals("enum demo_state has no enumerator DEMO_LOST", missing.getMessage());
    }
}
