package org.bpf4j.processor.model;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.util.Trees;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.annotation.Pinning;
import org.bpf4j.annotation.ProgramType;
import org.junit.jupiter.api.Test;

/** The model read from declarations: programs, maps, globals with their sections and values. */
class ModelBuilderTest {

    @SupportedAnnotationTypes("*")
    static final class ModelProbe extends AbstractProcessor {
        BpfClass model;

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
                if (ModelBuilder.declaresBpf(type)) {
                    model = new ModelBuilder(processingEnv, Trees.instance(processingEnv),
                            new StructModels(processingEnv.getElementUtils(), processingEnv.getMessager()))
                            .build(type).orElseThrow();
                }
            }
            return false;
        }
    }

    private static final JavaFileObject LIMITS = JavaFileObjects.forSourceLines("demo.Limits",
            "package demo;",
            "public final class Limits { public static final int MAX = 1000; }");

    private static final JavaFileObject SAMPLE = JavaFileObjects.forSourceLines("demo.Sample",
            "package demo;",
            "import org.bpf4j.annotation.*;",
            "import org.bpf4j.lang.*;",
            "import static org.bpf4j.lang.XdpAction.DROP;",
            "public final class Sample {",
            "    static final int BASE = 40;",
            "    @BpfConfig static int verdict = XdpAction.PASS;",
            "    @BpfConfig static int fallback = DROP;",
            "    @BpfConfig static long window;",
            "    static long runs;",
            "    static byte small = (byte) 0x1ff;",
            "    static int limit = Limits.MAX + BASE * 2;",
            "    static long shifted = 1L << 40 >>> 8;",
            "    static int wrapped = Integer.MAX_VALUE + 1;",
            "    static boolean on = true;",
            "    static int zero = 5 - 5;",
            "    @Size(3) static short[] slots;",
            "    @BpfMap(maxEntries = 64, flags = 1, pinning = Pinning.BY_NAME, name = \"flows\")",
            "    static BpfLruHashMap<Integer, Key> lru;",
            "    @BpfMap(maxEntries = 16384) static BpfRingBuffer<Key> events;",
            "    @BpfStruct public static final class Key { public int addr; public short port; }",
            "    @BpfProgram(type = ProgramType.TRACEPOINT, target = \"sched/sched_process_exec\", name = \"on_exec\")",
            "    static int exec(TracepointContext ctx) { return 0; }",
            "    @BpfProgram(type = ProgramType.XDP, target = \"veth0\", license = \"GPL\")",
            "    static int xdp(XdpContext ctx) { return XdpAction.PASS; }",
            "}");

    private static BpfClass model() {
        ModelProbe probe = new ModelProbe();
        Compilation compilation = Compiler.javac().withProcessors(probe).compile(SAMPLE, LIMITS);
        assertThat(compilation).succeeded();
        return probe.model;
    }

    private static GlobalField global(BpfClass model, String name) {
        return model.globals().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void programs() {
        BpfClass model = model();
        assertEquals("demo.Sample", model.binaryName());
        assertEquals("META-INF/bpf/demo.Sample.bpf.o", model.resourceName());
        assertEquals("SampleSkeleton", model.skeletonName());
        ProgramDecl exec = model.program("on_exec").orElseThrow();
        assertEquals(ProgramType.TRACEPOINT, exec.type());
        assertEquals("tracepoint/sched/sched_process_exec", exec.section());
        assertEquals("exec", exec.methodName());
        ProgramDecl xdp = model.program("xdp").orElseThrow();
        assertEquals("xdp", xdp.section(), "an XDP target is an interface, not part of the section");
        assertEquals(Optional.of("veth0"), xdp.attachTarget());
        assertEquals("GPL", model.license());
    }

    @Test
    void maps() {
        BpfClass model = model();
        MapField lru = model.map("flows").orElseThrow();
        assertEquals(MapKind.LRU_HASH, lru.kind());
        assertEquals(4, lru.keySize());
        assertEquals(8, lru.valueSize(), "Key: int + short, padded to 8");
        assertEquals(64, lru.maxEntries());
        assertEquals(1, lru.flags());
        assertEquals(Pinning.BY_NAME, lru.pinning());
        MapField events = model.map("events").orElseThrow();
        assertEquals(MapShape.RING, events.shape());
        assertEquals(0, events.keySize());
        assertEquals(0, events.valueSize());
        assertTrue(events.recordType().isPresent());
        assertEquals(1, model.structs().size());
        assertEquals(8, model.structs().get(0).size());
    }

    @Test
    void globalsGoToTheirSectionsWithTheirValues() {
        BpfClass model = model();
        assertEquals(GlobalSection.RODATA, global(model, "verdict").section());
        assertEquals(Optional.of(2), global(model, "verdict").initialValue(), "XdpAction.PASS");
        assertEquals(Optional.of(1), global(model, "fallback").initialValue(), "static import DROP");
        assertEquals(GlobalSection.RODATA, global(model, "window").section());
        assertEquals(8, global(model, "window").offset(), "after two ints");
        assertEquals(GlobalSection.BSS, global(model, "runs").section());
        assertEquals(Optional.of((byte) -1), global(model, "small").initialValue());
        assertEquals(GlobalSection.DATA, global(model, "small").section());
        assertEquals(Optional.of(1080), global(model, "limit").initialValue());
        assertEquals(Optional.of(1L << 32), global(model, "shifted").initialValue());
        assertEquals(Optional.of(Integer.MIN_VALUE), global(model, "wrapped").initialValue());
        assertEquals(Optional.of(true), global(model, "on").initialValue());
        assertEquals(GlobalSection.BSS, global(model, "zero").section(), "zero initial value");
        GlobalField slots = global(model, "slots");
        assertEquals(3, slots.arrayLength());
        assertEquals(6, slots.size());
        assertEquals(TypeKind.SHORT, slots.type());
        assertEquals(GlobalSection.BSS, slots.section());
        assertEquals(model.sectionSize(GlobalSection.BSS), slots.offset() + 6);
    }
}
