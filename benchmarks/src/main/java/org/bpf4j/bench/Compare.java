package org.bpf4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.map.KernelMap;

/**
 * The compiler benchmark, inside the repository: compiles each C program of the corpus
 * ({@code benchmarks/src/main/c/reference} and {@code corpus}) with clang, pairs its programs with
 * the project's compiled Java ports by name (case and underscores ignored), loads both through the
 * bpf4j runtime and prints per program the instruction slots, the instructions the verifier
 * processed, the run time per packet and whether both behave the same on {@link CorpusCases}, then
 * a summary line.
 *
 * <p>usage: {@code Compare [--clang PATH] [--cpu v1..v4] [--programs a,b,...] [--ours DIR]...
 * [--sources DIR]... [--repeat N] [--runs N]}
 * <ul>
 *   <li>{@code --clang}: the clang to compile the C programs with (default clang 22,
 *       {@value #CLANG_22}); {@code --cpu}: its {@code -mcpu} (default v3).</li>
 *   <li>{@code --ours}: where the project's objects ({@code *.bpf.o}) are; default this module's
 *       {@code target/classes}. The ISA level of the Java side is whatever the compiler was told
 *       when it built them (the build passes {@code -Abpf4j.cpu=${bpf4j.cpu}}); the {@code isa}
 *       column says when a program of ours uses cpu v4 instructions.</li>
 *   <li>{@code --programs}: only these C files or programs (e.g. {@code xdp_snat,tc_port_filter}).</li>
 *   <li>{@code --repeat}, {@code --runs}: each timing is the median of {@code runs} test runs of
 *       {@code repeat} repetitions, per packet; a program's time is the median over its packets.</li>
 * </ul>
 * Both sides run on one CPU ({@link OneCpu}). Needs root (loading BPF programs). Slots and
 * processed counts are exact; times are noisy.
 */
public final class Compare {
    public static final String CLANG_22 = "/usr/lib/llvm-22/bin/clang";
    private static final int SOCKET_FILTER = 1, SCHED_CLS = 3, XDP = 6, CGROUP_SKB = 8, RAW_TRACEPOINT = 17;
    private static final long CLANG_TIMEOUT_SECONDS = 120;

    /** What to compare, and how. */
    public record Options(Path clang, String cpu, List<Path> sources, List<Path> ours, Set<String> programs, int repeat,
            int runs) {
        public Options {
            sources = List.copyOf(sources);
            ours = List.copyOf(ours);
            programs = Set.copyOf(programs);
        }

        /** clang 22 at v3 over the whole corpus, the project's objects found from the working directory. */
        public static Options defaults() {
            Path c = sourceRoot();
            return new Options(Path.of(CLANG_22), "v3", List.of(c.resolve("reference"), c.resolve("corpus")),
                    List.of(c.resolve("../../../target/classes").normalize()), Set.of(), 20_000, 5);
        }

        public Options withClang(Path p) { return new Options(p, cpu, sources, ours, programs, repeat, runs); }
        public Options withCpu(String c) { return new Options(clang, c, sources, ours, programs, repeat, runs); }
        public Options withSources(List<Path> s) { return new Options(clang, cpu, s, ours, programs, repeat, runs); }
        public Options withOurs(List<Path> o) { return new Options(clang, cpu, sources, o, programs, repeat, runs); }
        public Options withPrograms(Set<String> p) { return new Options(clang, cpu, sources, ours, p, repeat, runs); }
        public Options withTiming(int r, int n) { return new Options(clang, cpu, sources, ours, programs, r, n); }

        public static Options parse(String... args) {
            Options o = defaults();
            List<Path> sources = new ArrayList<>(), ours = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--clang" -> o = o.withClang(Path.of(required(args[i], value)));
                    case "--cpu" -> o = o.withCpu(required(args[i], value));
                    case "--programs" -> o = o.withPrograms(Set.of(required(args[i], value).split(",")));
                    case "--sources" -> sources.add(Path.of(required(args[i], value)));
                    case "--ours" -> ours.add(Path.of(required(args[i], value)));
                    case "--repeat" -> o = o.withTiming(Integer.parseInt(required(args[i], value)), o.runs());
                    case "--runs" -> o = o.withTiming(o.repeat(), Integer.parseInt(required(args[i], value)));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (!sources.isEmpty()) o = o.withSources(sources);
            if (!ours.isEmpty()) o = o.withOurs(ours);
            return o;
        }

        private static String required(String option, String value) {
            if (value == null) throw new IllegalArgumentException(option + " needs a value");
            return value;
        }
    }

    /** One side's figures for one program; {@code runs} maps an input's name to its result. */
    public record Side(int slots, int processed, Map<String, String> runs, long ns, Map<String, String> maps) {}

    /**
     * One program: clang's side, ours (null when no port has the program or it did not load, then
     * {@code problem} says why), whether it ran on test inputs, and whether the two agree.
     */
    public record Row(String program, Side clang, Side ours, boolean testRun, boolean needsV4, String problem) {
        public boolean same() {
            return ours != null && problem == null && clang.runs().equals(ours.runs()) && sameMaps();
        }

        /** Every map of clang's object has a map of the same name, sizes and contents in ours. */
        private boolean sameMaps() {
            return clang.maps().entrySet().stream().allMatch(e -> Objects.equals(ours.maps().get(e.getKey()), e.getValue()));
        }

        public double slotRatio() {
            return (double) ours.slots() / clang.slots();
        }

        public double verifierRatio() {
            return (double) ours.processed() / Math.max(1, clang.processed());
        }
    }

    /** The comparison: rows sorted by program name, and what the C side was compiled with. */
    public record Report(String clang, String cpu, List<Row> rows) {
        public List<Row> matched() {
            return rows.stream().filter(r -> r.ours() != null).toList();
        }

        public long sameCount() {
            return rows.stream().filter(Row::same).count();
        }

        public long largerThanClang() {
            return matched().stream().filter(r -> r.ours().slots() > r.clang().slots()).count();
        }

        public String summary() {
            List<Row> m = matched();
            double[] ns = m.stream().filter(r -> r.clang().ns() > 0 && r.ours().ns() > 0)
                    .mapToDouble(r -> (double) r.ours().ns() / r.clang().ns()).toArray();
            return String.format("summary: matched %d/%d programs; slots ratio geomean %.3f max %.3f; larger than clang %d;"
                    + " verifier ratio geomean %.3f; ns ratio geomean %.3f; same behaviour %d/%d (%d on load only);"
                    + " ours needing cpu v4 %d",
                    m.size(), rows.size(), geomean(m.stream().mapToDouble(Row::slotRatio).toArray()),
                    m.stream().mapToDouble(Row::slotRatio).max().orElse(Double.NaN), largerThanClang(),
                    geomean(m.stream().mapToDouble(Row::verifierRatio).toArray()), geomean(ns), sameCount(), rows.size(),
                    rows.stream().filter(r -> r.same() && !r.testRun()).count(), rows.stream().filter(Row::needsV4).count());
        }

        public void print(PrintStream out) {
            out.printf("C: %s -O2 -g -target bpf -mcpu=%s%n", clang, cpu);
            out.printf("%-24s %6s %6s %5s | %6s %6s %5s | %6s %6s | %-3s | %s%n", "program", "clang", "ours", "ratio", "c.proc",
                    "o.proc", "ratio", "c.ns", "o.ns", "isa", "same");
            for (Row r : rows) {
                if (r.ours() == null) {
                    out.printf("%-24s %6d %6s %5s | %6d %6s %5s | %6s %6s | %-3s | %s%n", r.program(), r.clang().slots(), "-", "-",
                            r.clang().processed(), "-", "-", "-", "-", "-", r.problem());
                    continue;
                }
                String same = r.same() ? (r.testRun() ? "yes" : "load") : "NO" + (r.problem() == null ? "" : " (" + r.problem() + ")");
                out.printf("%-24s %6d %6d %5.2f | %6d %6d %5.2f | %6s %6s | %-3s | %s%n", r.program(), r.clang().slots(),
                        r.ours().slots(), r.slotRatio(), r.clang().processed(), r.ours().processed(), r.verifierRatio(),
                        ns(r.clang()), ns(r.ours()), r.needsV4() ? "v4" : "", same);
            }
            out.println(summary());
        }

        private static String ns(Side s) {
            return s.ns() > 0 ? Long.toString(s.ns()) : "-";
        }
    }

    private Compare() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: Compare [--clang PATH] [--cpu v1..v4] [--programs a,b] [--ours DIR]... [--sources DIR]..."
                    + " [--repeat N] [--runs N]");
            System.exit(2);
            return;
        }
        run(o).print(System.out);
    }

    public static Report run(Options o) throws IOException, InterruptedException {
        Map<String, Path> ours = ourPrograms(o.ours());
        Path work = Files.createTempDirectory("bpf4j-compare");
        try {
            List<Row> rows = new ArrayList<>();
            Map<Path, Measured> ourMeasures = new LinkedHashMap<>();
            for (Path source : cSources(o)) {
                Path object = compile(o, source, work);
                Measured c = OneCpu.run(() -> measure(object, o));
                if (c.error() != null) {
                    // a file --programs does not name may hold program types this kernel refuses (fexit on 6.18)
                    if (o.programs().isEmpty() || o.programs().contains(stem(source))) {
                        throw new IllegalStateException("clang's " + object.getFileName() + " does not load: " + c.error());
                    }
                    continue;
                }
                for (String program : c.programs().keySet()) {
                    if (!o.programs().isEmpty() && !o.programs().contains(program) && !o.programs().contains(stem(source))) continue;
                    Path our = ours.get(normalize(program));
                    if (our == null) {
                        rows.add(new Row(program, c.programs().get(program), null, false, false, "missing"));
                        continue;
                    }
                    Measured m = ourMeasures.computeIfAbsent(our, p -> OneCpu.run(() -> measure(p, o)));
                    String ourName = m.names().get(normalize(program));
                    if (m.error() != null || ourName == null) {
                        rows.add(new Row(program, c.programs().get(program), null, false, false,
                                "LOAD FAILED " + our.getFileName() + ": " + m.error()));
                        continue;
                    }
                    Side cs = withMaps(c.programs().get(program), c.maps()), os = withMaps(m.programs().get(ourName), m.maps());
                    rows.add(new Row(program, cs, os, !cs.runs().isEmpty(), needsV4(our, ourName), null));
                }
            }
            rows.sort(Comparator.comparing(Row::program));
            return new Report(clangVersion(o.clang()), o.cpu(), rows);
        } finally {
            deleteTree(work);
        }
    }

    /** Lower case without underscores: {@code xdp_proto_count} and {@code xdpProtoCount} match. */
    public static String normalize(String name) {
        return name.replace("_", "").toLowerCase();
    }

    /** {@code benchmarks/src/main/c}, searched upwards from the working directory. */
    public static Path sourceRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("src/main/c"), dir.resolve("benchmarks/src/main/c"))) {
                if (Files.isDirectory(candidate.resolve("corpus"))) return candidate;
            }
        }
        throw new IllegalStateException("benchmarks/src/main/c not found above " + Path.of("").toAbsolutePath());
    }

    private record Measured(Map<String, Side> programs, Map<String, String> names, Map<String, String> maps, String error) {}

    private static Side withMaps(Side s, Map<String, String> maps) {
        return new Side(s.slots(), s.processed(), s.runs(), s.ns(), maps);
    }

    /** Loads an object, seeds its maps, runs its programs on the test inputs, then times them. */
    private static Measured measure(Path object, Options o) {
        try (LoadedObject lo = BpfObjectFile.open(object).load()) {
            CorpusCases.seed(lo);
            List<ReferencePackets.Packet> packets = CorpusCases.packets();
            Map<String, Map<String, String>> runs = new LinkedHashMap<>();
            for (LoadedProgram p : lo.programs()) {
                Map<String, String> r = new LinkedHashMap<>();
                if (isPacketProgram(p)) {
                    for (ReferencePackets.Packet k : packets) r.put(k.name(), Measure.runOnce(p, k.bytes()));
                } else if (p.type() == RAW_TRACEPOINT) {
                    for (long[] args : CorpusCases.rawTracepointArgs()) r.put(Arrays.toString(args), runWithArgs(p, args));
                }
                runs.put(p.name(), r);
            }
            Map<String, Side> programs = new TreeMap<>();
            Map<String, String> names = new TreeMap<>();
            for (LoadedProgram p : lo.programs()) {
                long ns = isPacketProgram(p) ? time(p, packets, o) : 0;
                programs.put(p.name(), new Side(p.insnCount(), p.info().verifiedInsns(), runs.get(p.name()), ns, Map.of()));
                names.put(normalize(p.name()), p.name());
            }
            return new Measured(programs, names, maps(lo), null);
        } catch (VerifierException e) {
            return new Measured(Map.of(), Map.of(), Map.of(), "verifier: " + lastLines(e.log(), 3));
        } catch (BpfException | IllegalStateException e) {
            return new Measured(Map.of(), Map.of(), Map.of(), e.getMessage());
        }
    }

    private static boolean isPacketProgram(LoadedProgram p) {
        return p.type() == XDP || p.type() == SCHED_CLS || p.type() == SOCKET_FILTER || p.type() == CGROUP_SKB;
    }

    private static String runWithArgs(LoadedProgram p, long[] args) {
        ByteBuffer ctx = ByteBuffer.allocate(8 * args.length).order(ByteOrder.nativeOrder());
        for (long a : args) ctx.putLong(a);
        try {
            TestRunResult r = p.testRun().context(ctx.array()).run();
            return "retval=" + r.retval();
        } catch (BpfException e) {
            return "retval=" + (-1000 - e.errno());
        }
    }

    /** The median over packets of each packet's median run time. */
    private static long time(LoadedProgram p, List<ReferencePackets.Packet> packets, Options o) {
        long[] perPacket = new long[packets.size()];
        for (int k = 0; k < perPacket.length; k++) {
            long[] ns = new long[o.runs()];
            for (int i = 0; i < ns.length; i++) ns[i] = Measure.timed(p, packets.get(k).bytes(), o.repeat());
            Arrays.sort(ns);
            perPacket[k] = ns[ns.length / 2];
        }
        Arrays.sort(perPacket);
        return perPacket[perPacket.length / 2];
    }

    /** Per map (normalized name): key and value sizes and contents, as bpfmeasure digests them. */
    private static Map<String, String> maps(LoadedObject lo) {
        Map<String, String> out = new TreeMap<>();
        for (KernelMap m : lo.maps()) {
            if (m.type() == MapKind.RINGBUF.kernelType() || m.type() == MapKind.PERF_EVENT_ARRAY.kernelType()
                    || m.type() == MapKind.PROG_ARRAY.kernelType()) {
                out.put(normalize(m.name()), "key=" + m.keySize() + " value=" + m.valueSize());
                continue;
            }
            MapDigest.Result d = MapDigest.of(m);
            out.put(normalize(m.name()), String.format("key=%d value=%d entries=%d digest=%016x", m.keySize(), m.valueSize(),
                    d.entries(), d.digest()));
        }
        return out;
    }

    /** Whether the program or a function it may call uses an instruction that cpu v4 introduced. */
    private static boolean needsV4(Path object, String program) {
        BpfObjectFile file = BpfObjectFile.open(object);
        return Stream.concat(file.object().program(program).stream(), file.object().functions().stream())
                .map(ProgramSpec::insns).flatMap(List::stream).anyMatch(i -> IsaLevel.of(i) == IsaLevel.V4);
    }

    /** Every program of the project's objects under {@code dirs}, by normalized name. */
    private static Map<String, Path> ourPrograms(List<Path> dirs) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no directory " + dir + " (build the module first)");
            List<Path> objects;
            try (Stream<Path> walk = Files.walk(dir)) {
                objects = walk.filter(f -> f.getFileName().toString().endsWith(".bpf.o")).sorted().toList();
            }
            for (Path obj : objects) {
                for (String name : BpfObjectFile.open(obj).programNames()) out.putIfAbsent(normalize(name), obj);
            }
        }
        return out;
    }

    private static List<Path> cSources(Options o) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : o.sources()) {
            try (Stream<Path> files = Files.list(dir)) {
                out.addAll(files.filter(f -> f.getFileName().toString().endsWith(".bpf.c")).sorted().toList());
            }
        }
        return out;
    }

    private static String stem(Path source) {
        return source.getFileName().toString().replaceFirst("\\.bpf\\.c$", "");
    }

    /** {@code clang -O2 -g -target bpf -mcpu=N}, with the machine's multiarch include directory. */
    private static Path compile(Options o, Path source, Path work) throws IOException, InterruptedException {
        return compile(o.clang(), o.cpu(), source, work);
    }

    /**
     * {@code clang -O2 -g -target bpf -mcpu=cpu} of {@code source} into {@code work}; a source
     * that includes {@code vmlinux.h} (the tracing tools' twins) gets this kernel's, generated
     * into {@code work} by {@code bpftool btf dump}.
     */
    public static Path compile(Path clang, String cpu, Path source, Path work) throws IOException, InterruptedException {
        Path out = work.resolve(stem(source) + ".bpf.o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        if (Files.readString(source).contains("#include \"vmlinux.h\"")) vmlinuxHeader(work);
        exec(List.of(clang.toString(), "-O2", "-g", "-target", "bpf", "-mcpu=" + cpu,
                "-I/usr/include/" + arch + "-linux-gnu", "-I" + work, "-c", source.toString(), "-o", out.toString()));
        return out;
    }

    /** {@code work/vmlinux.h} from the running kernel's BTF, written once per work directory. */
    private static void vmlinuxHeader(Path work) throws IOException, InterruptedException {
        Path header = work.resolve("vmlinux.h");
        if (Files.exists(header)) return;
        Files.writeString(header, exec(List.of("bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux", "format", "c")));
    }

    private static String clangVersion(Path clang) throws IOException, InterruptedException {
        return clang + " (" + exec(List.of(clang.toString(), "--version")).lines().findFirst().orElse("?").trim() + ")";
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(CLANG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static String lastLines(String log, int n) {
        List<String> lines = log == null ? List.of() : log.lines().toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static double geomean(double[] xs) {
        return xs.length == 0 ? Double.NaN : Math.exp(Arrays.stream(xs).map(Math::log).sum() / xs.length);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
