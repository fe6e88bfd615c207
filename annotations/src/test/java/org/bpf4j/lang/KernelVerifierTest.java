package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.Helper;
import org.bpf4j.annotation.PacketAccess;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The language's kernel facts against the real verifier, with tiny probe programs built by
 * clang and loaded by bpftool: every {@code @CtxField} is readable by some program type using
 * its context (and writable where marked so; which types may is the kernel's business),
 * {@link ProgramType#directPacketAccess()} is exact, and a sample of the helper availability
 * table ({@code @Helper.unavailableIn}) holds, and the JVM bodies of
 * {@code bpf_xdp_adjust_head/tail} refuse exactly what {@code BPF_PROG_TEST_RUN} refuses and
 * the packet load helpers fail with the kernel's error codes, and {@code bpf_csum_diff}'s JVM
 * body computes the kernel's values.
 * Skips visibly without root, clang or bpftool;
 * fails instead when {@code BPF4J_REQUIRE_KERNEL=1}.
 */
@Tag(KernelTest.TAG) // its kernel tests call Prerequisites.requireKernel(); the tag runs them on CI's second kernel too
class KernelVerifierTest {
    private static final Path CLANG = Path.of("/usr/bin/clang");
    private static final Path BPFTOOL = Path.of("/usr/sbin/bpftool");
    private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final List<Class<?>> CONTEXTS = List.of(XdpContext.class, SkBuffContext.class,
            SockAddrContext.class, SockContext.class, SkMsgContext.class, PerfEventContext.class);

    /** One probe program: a read or write of {@code size} bytes at {@code offset}. */
    private record Probe(String name, ProgramType type, int offset, int size, boolean write) {
        String source() {
            String c = switch (size) {
                case 1 -> "unsigned char";
                case 2 -> "unsigned short";
                case 4 -> "unsigned int";
                default -> "unsigned long long";
            };
            String access = "*(volatile " + c + " *)((char *)ctx + " + offset + ")";
            String body = write ? access + " = 1; return 1;" : "return " + access + " == 1;";
            // No headers: parsing them for hundreds of probes would dominate the test's time.
            return "__attribute__((section(\"" + type.section("") + "\"), used))\n"
                    + "int probe(void *ctx) { " + body + " }\n"
                    + "__attribute__((section(\"license\"), used)) char LICENSE[] = \"GPL\";\n";
        }
    }

    /** A claim to confirm: some program type of the context may access these bytes this way. */
    private record Question(String member, int offset, int size, boolean write, List<ProgramType> candidates) {
        String describe() {
            return member + (write ? " write" : " read") + " at " + offset + " (" + size + " bytes)";
        }
    }

    @Test
    void everyContextMemberIsAccessibleAsDeclared() throws Exception {
        requireTools();
        List<Question> open = new ArrayList<>();
        for (Class<?> context : CONTEXTS) {
            List<ProgramType> types = Stream.of(ProgramType.values()).filter(t -> t.contextClass() == context).toList();
            for (Field field : context.getDeclaredFields()) {
                CtxField ctx = field.getAnnotation(CtxField.class);
                if (ctx == null) {
                    continue;
                }
                String member = context.getSimpleName() + "." + field.getName();
                int last = ctx.offset() + (ctx.count() - 1) * ctx.size();
                for (boolean write : ctx.writable() ? new boolean[] {false, true} : new boolean[] {false}) {
                    for (int offset : ctx.count() > 1 ? new int[] {ctx.offset(), last} : new int[] {ctx.offset()}) {
                        open.add(new Question(member, offset, ctx.size(), write, types));
                    }
                }
            }
        }
        assertTrue(open.size() > 70, "only " + open.size() + " context accesses to check");
        // Round r tries each still unconfirmed access with the r-th program type of its context,
        // so most accesses cost one probe program.
        for (int round = 0; !open.isEmpty(); round++) {
            List<Question> asked = new ArrayList<>();
            List<Probe> probes = new ArrayList<>();
            for (Question q : open) {
                if (round < q.candidates().size()) {
                    asked.add(q);
                    probes.add(new Probe("r" + round + "p" + probes.size(), q.candidates().get(round), q.offset(),
                            q.size(), q.write()));
                }
            }
            if (probes.isEmpty()) {
                break;
            }
            List<Boolean> loaded = load(probes);
            for (int i = 0; i < asked.size(); i++) {
                if (loaded.get(i)) {
                    open.remove(asked.get(i));
                }
            }
        }
        assertEquals(List.of(), open.stream().map(Question::describe).toList(),
                "context accesses no program type using the context may make");
    }

    @Test
    void directPacketAccessIsAllowedExactlyWhereDeclared() throws Exception {
        requireTools();
        List<ProgramType> types = Stream.of(ProgramType.values())
                .filter(t -> PacketContext.class.isAssignableFrom(t.contextClass())).toList();
        List<Probe> probes = new ArrayList<>();
        for (ProgramType type : types) {
            PacketAccess access = type.contextClass().getAnnotation(PacketAccess.class);
            // Reading data itself is what the verifier refuses where direct access is not allowed.
            probes.add(new Probe("d" + probes.size(), type, access.data(), access.width(), false));
        }
        List<Boolean> loaded = load(probes);
        for (int i = 0; i < types.size(); i++) {
            assertEquals(types.get(i).directPacketAccess(), loaded.get(i), types.get(i) + " direct packet access");
        }
    }

    @Test
    void helperAvailabilityMatchesTheVerifierOnASample() throws Exception {
        requireTools();
        List<ProgramType> types = Stream.of(ProgramType.values())
                .filter(t -> t != ProgramType.FENTRY && t != ProgramType.FEXIT && t != ProgramType.FMOD_RET && t != ProgramType.LSM && t != ProgramType.TP_BTF && t != ProgramType.ITER).toList();
        List<java.lang.reflect.Method> helpers = Stream.of(Bpf.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Helper.class))
                .sorted(Comparator.comparingInt(m -> m.getAnnotation(Helper.class).id())).toList();
        java.util.Random random = new java.util.Random(7);
        List<Probe> probes = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ProgramType type = types.get(random.nextInt(types.size()));
            Helper helper = helpers.get(random.nextInt(helpers.size())).getAnnotation(Helper.class);
            probes.add(new Probe("h" + i, type, helper.id(), 0, false));
            expected.add(!List.of(helper.unavailableIn()).contains(type));
            names.add(helper.name() + " in " + type);
        }
        List<Boolean> available = helperProbes(probes);
        int compared = 0;
        for (int i = 0; i < probes.size(); i++) {
            // The table is the newest kernel's; a helper an older kernel does not know says nothing about it.
            if (available.get(i) != null) {
                assertEquals(expected.get(i), available.get(i), names.get(i) + " (rerun probe_helpers.py on a new kernel)");
                compared++;
            }
        }
        assertTrue(compared >= probes.size() / 2, "the kernel knows only " + compared + " of the sampled helpers");
    }

    @Test
    void jvmXdpAdjustmentsHaveTheKernelsBounds() throws Exception {
        requireTools();
        int[][] cases = {{65, 3466}, {65, 3467}, {65, -40}, {65, -41}, {44, -216}, {44, -217}, {44, 40}, {44, 41}};
        Path dir = Files.createTempDirectory("bpf4j-xdp-adjust");
        try {
            Path packet = dir.resolve("packet");
            Files.write(packet, new byte[54]);
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < cases.length; i++) {
                // bpf_xdp_adjust_tail is helper 65, bpf_xdp_adjust_head 44; XDP_PASS (2) on success.
                Files.writeString(dir.resolve("x" + i + ".c"), "__attribute__((section(\"xdp\"), used))\n"
                        + "int probe(void *ctx) { return ((long (*)(void *, int))" + cases[i][0] + ")(ctx, "
                        + cases[i][1] + ") == 0 ? 2 : 1; }\n"
                        + "__attribute__((section(\"license\"), used)) char LICENSE[] = \"GPL\";\n");
                sources.add("x" + i + ".c");
            }
            String output = compileAll(dir, sources);
            for (int i = 0; i < cases.length; i++) {
                assertTrue(Files.exists(dir.resolve("x" + i + ".o")), "clang failed:\n" + output);
                Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_xdp_" + ProcessHandle.current().pid() + "_" + i);
                run(dir, List.of(BPFTOOL.toString(), "prog", "load", "x" + i + ".o", pin.toString()));
                String result = run(dir, List.of(BPFTOOL.toString(), "prog", "run", "pinned", pin.toString(), "data_in",
                        packet.toString(), "repeat", "1"));
                Files.deleteIfExists(pin);
                boolean kernelOk = result.contains("Return value: 2");
                assertTrue(kernelOk || result.contains("Return value: 1"), "bpftool prog run: " + result);
                XdpContext ctx = XdpContext.of(new byte[54]);
                boolean head = cases[i][0] == 44;
                long jvm = head ? Bpf.xdpAdjustHead(ctx, cases[i][1]) : Bpf.xdpAdjustTail(ctx, cases[i][1]);
                assertEquals(kernelOk, jvm == 0, (head ? "adjust_head " : "adjust_tail ") + cases[i][1]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void jvmLoadBytesFailsLikeTheKernel() throws Exception {
        requireTools();
        // Reading 8 bytes at 50 of a 54-byte packet fails; the result encodes the error and
        // whether the buffer was zeroed: 100 success, 1000 - r zeroed, -r untouched.
        String body = "{ char b[8]; b[0] = 5; long r = ((long (*)(void *, unsigned, void *, unsigned))%d)(ctx, 50, b, 8);"
                + " return r == 0 ? 100 : (b[0] == 0 ? 1000 - r : -r); }";
        Map<ProgramType, Integer> helpers = Map.of(ProgramType.XDP, 189, ProgramType.TC, 26);
        Path dir = Files.createTempDirectory("bpf4j-load-bytes");
        try {
            Path packet = dir.resolve("packet");
            Files.write(packet, new byte[54]);
            for (var entry : helpers.entrySet()) {
                String name = entry.getKey().name().toLowerCase(java.util.Locale.ROOT);
                Files.writeString(dir.resolve(name + ".c"), "__attribute__((section(\"" + entry.getKey().section("")
                        + "\"), used))\nint probe(void *ctx) " + String.format(body, entry.getValue()) + "\n"
                        + "__attribute__((section(\"license\"), used)) char LICENSE[] = \"GPL\";\n");
                String output = compileAll(dir, List.of(name + ".c"));
                assertTrue(Files.exists(dir.resolve(name + ".o")), "clang failed:\n" + output);
                Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_lb_" + ProcessHandle.current().pid() + "_" + name);
                run(dir, List.of(BPFTOOL.toString(), "prog", "load", name + ".o", pin.toString()));
                String result = run(dir, List.of(BPFTOOL.toString(), "prog", "run", "pinned", pin.toString(), "data_in",
                        packet.toString(), "repeat", "1"));
                Files.deleteIfExists(pin);
                byte[] b = new byte[8];
                b[0] = 5;
                long r = entry.getKey() == ProgramType.XDP ? Bpf.xdpLoadBytes(XdpContext.of(new byte[54]), 50, b)
                        : Bpf.skbLoadBytes(SkBuffContext.of(new byte[54]), 50, b);
                long jvm = r == 0 ? 100 : (b[0] == 0 ? 1000 - r : -r);
                assertTrue(result.contains("Return value: " + jvm), entry.getKey() + ": JVM gives " + jvm + ", kernel " + result);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void jvmCsumDiffMatchesTheKernel() throws Exception {
        requireTools();
        int[][][] cases = {
            {{0x01020304, 0x05060708}, {0x0a0b0c0d, 0x11223344}, {0}},
            {{0xffffffff, 0}, {1, 2}, {0x12345678}},
            {{0, 0}, {0, 0}, {0}},
            {{0x80000000, 0x80000000}, {}, {0}},
            {{}, {0x0a0b0c0d, 0x11223344}, {0xffff}},
            {{0x45000054}, {0x45000055, 0x7f000001}, {0xabcd}},
        };
        Path dir = Files.createTempDirectory("bpf4j-csum");
        try {
            Path packet = dir.resolve("packet");
            Files.write(packet, new byte[54]);
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < cases.length; i++) {
                // bpf_csum_diff is helper 28; arrays of one word at least keep the C valid.
                Files.writeString(dir.resolve("c" + i + ".c"), "__attribute__((section(\"xdp\"), used))\n"
                        + "int probe(void *ctx) { unsigned int f[] = {" + words(cases[i][0]) + "}; unsigned int t[] = {"
                        + words(cases[i][1]) + "}; return (int)((long (*)(void *, unsigned, void *, unsigned, unsigned))28)"
                        + "(f, " + 4 * cases[i][0].length + ", t, " + 4 * cases[i][1].length + ", " + cases[i][2][0] + "u); }\n"
                        + "__attribute__((section(\"license\"), used)) char LICENSE[] = \"GPL\";\n");
                sources.add("c" + i + ".c");
            }
            String output = compileAll(dir, sources);
            for (int i = 0; i < cases.length; i++) {
                assertTrue(Files.exists(dir.resolve("c" + i + ".o")), "clang failed:\n" + output);
                Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_csum_" + ProcessHandle.current().pid() + "_" + i);
                run(dir, List.of(BPFTOOL.toString(), "prog", "load", "c" + i + ".o", pin.toString()));
                String result = run(dir, List.of(BPFTOOL.toString(), "prog", "run", "pinned", pin.toString(), "data_in",
                        packet.toString(), "repeat", "1"));
                Files.deleteIfExists(pin);
                long jvm = Bpf.csumDiff(cases[i][0], cases[i][1], cases[i][2][0]);
                Matcher value = RETURN_VALUE.matcher(result);
                assertTrue(value.find(), "no return value in " + result);
                long kernel = Long.parseLong(value.group(1));
                // Older x86 kernels (6.1) return the sum unfolded: the same checksum once folded.
                assertTrue(kernel == jvm || kernel > 0xFFFF && foldTo16(kernel) == jvm,
                        "case " + i + ": JVM gives " + jvm + ", kernel " + result);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final Pattern RETURN_VALUE = Pattern.compile("Return value: (-?\\d+),");

    private static long foldTo16(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    private static String words(int[] values) {
        if (values.length == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        for (int value : values) {
            text.append(text.length() == 0 ? "" : ", ").append(Integer.toUnsignedString(value)).append('u');
        }
        return text.toString();
    }

    /**
     * Helper probes: {@code offset} is the helper id; a program calling it without arguments is
     * refused for availability ("cannot use helper", "unknown func", "might sleep") before its
     * arguments are looked at. Returns whether each helper was available.
     */
    /** Whether each probe's helper is available to its program type; null where the kernel has no such helper. */
    private static List<Boolean> helperProbes(List<Probe> probes) throws Exception {
        Path dir = Files.createTempDirectory("bpf4j-helper-probe");
        try {
            List<Boolean> available = new ArrayList<>();
            for (Probe probe : probes) {
                Files.writeString(dir.resolve(probe.name() + ".c"), "__attribute__((section(\"" + probe.type().section("")
                        + "\"), used))\nint probe(void *ctx) { return ((long (*)(void))" + probe.offset() + ")(); }\n"
                        + "__attribute__((section(\"license\"), used)) char LICENSE[] = \"GPL\";\n");
            }
            String output = compileAll(dir, probes.stream().map(p -> p.name() + ".c").toList());
            for (Probe probe : probes) {
                assertTrue(Files.exists(dir.resolve(probe.name() + ".o")), "clang failed:\n" + output);
                Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_helper_" + ProcessHandle.current().pid() + "_" + probe.name());
                String log = run(dir, List.of(BPFTOOL.toString(), "prog", "load", probe.name() + ".o", pin.toString()));
                boolean loaded = Files.exists(pin);
                Files.deleteIfExists(pin);
                // "invalid func": an id beyond the kernel's last helper (6.1 says "unknown func" for
                // a helper it has but refuses to this program type, newer kernels "cannot use helper").
                boolean unknown = !loaded && log.contains("invalid func");
                available.add(unknown ? null : loaded || Stream.of("cannot use helper", "unknown func", "might sleep")
                        .noneMatch(log::contains));
            }
            return available;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Builds and loads each probe; whether the verifier accepted it. */
    private static List<Boolean> load(List<Probe> probes) throws Exception {
        Path dir = Files.createTempDirectory("bpf4j-ctx-access");
        try {
            String output = compileInParallel(dir, probes);
            List<Boolean> loaded = new ArrayList<>();
            for (Probe probe : probes) {
                assertTrue(Files.exists(dir.resolve(probe.name() + ".o")), "clang failed:\n" + output);
                Path pin = Path.of("/sys/fs/bpf/bpf4j_lang_ctx_" + ProcessHandle.current().pid() + "_" + probe.name());
                run(dir, List.of(BPFTOOL.toString(), "prog", "load", probe.name() + ".o", pin.toString()));
                loaded.add(Files.exists(pin));
                Files.deleteIfExists(pin);
            }
            return loaded;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes each probe's source and compiles them all. */
    private static String compileInParallel(Path dir, List<Probe> probes) throws Exception {
        for (Probe probe : probes) {
            Files.writeString(dir.resolve(probe.name() + ".c"), probe.source());
        }
        return compileAll(dir, probes.stream().map(p -> p.name() + ".c").toList());
    }

    /** One clang process per CPU, each compiling its share of the sources; their output, joined. */
    private static String compileAll(Path dir, List<String> sources) throws Exception {
        int processes = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            List<Future<String>> outputs = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                List<String> compile = new ArrayList<>(List.of(CLANG.toString(), "-O2", "-target", "bpf", "-c"));
                for (int i = p; i < sources.size(); i += processes) {
                    compile.add(sources.get(i));
                }
                outputs.add(pool.submit(() -> ExternalProcess.run(COMPILE_TIMEOUT, dir, compile).output()));
            }
            StringBuilder output = new StringBuilder();
            for (Future<String> out : outputs) {
                output.append(out.get());
            }
            return output.toString();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void requireTools() {
        Prerequisites.require("clang at " + CLANG, Files.isExecutable(CLANG));
        Prerequisites.require("bpftool at " + BPFTOOL, Files.isExecutable(BPFTOOL));
        Prerequisites.require("bpffs mounted writable at /sys/fs/bpf", Files.isWritable(Path.of("/sys/fs/bpf")));
        Prerequisites.requireKernel();
    }

    /** stdout and stderr of the command, whatever its exit code: a refused load's log is the point. */
    private static String run(Path dir, List<String> command) {
        return ExternalProcess.run(RUN_TIMEOUT, dir, command).output();
    }
}
