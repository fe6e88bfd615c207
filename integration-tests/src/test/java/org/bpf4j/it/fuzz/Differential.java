package org.bpf4j.it.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.bpf4j.compiler.asm.Disassembler;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.map.KernelMap;

/**
 * Runs a batch of generated programs on the JVM and in the kernel and reports every program
 * whose kernel run disagrees with the JVM (return value, output packet, its map entries after
 * each packet), or that the compiler or verifier refused.
 */
final class Differential {
    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final Pattern METHOD = Pattern.compile("\\bp(\\d+)\\b");

    private final InProcessCompiler compiler;
    private final List<byte[]> packets;
    private int programsRun;

    /** Compiles for the processor's default ISA level. */
    Differential(List<byte[]> packets) {
        this.packets = packets;
        this.compiler = new InProcessCompiler();
    }

    /** Compiles for ISA {@code level} ({@code -Abpf4j.cpu}). */
    Differential(List<byte[]> packets, IsaLevel level) {
        this.packets = packets;
        this.compiler = new InProcessCompiler("-Abpf4j.cpu=" + level.cpuName());
    }

    /** Programs that ran in the kernel and on the JVM so far. */
    int programsRun() {
        return programsRun;
    }

    /** The findings for {@code programs}, at most one per program, in program order. */
    List<Finding> run(List<Program> programs) {
        return run(programs, f -> false);
    }

    /**
     * As {@link #run(List)}, but returns as soon as a finding that {@code enough} accepts is
     * known (the shrinker needs one failing candidate, not all of them).
     */
    List<Finding> run(List<Program> programs, Predicate<Finding> enough) {
        Map<Program, Finding> findings = new HashMap<>();
        Batch batch = new Batch("F" + CLASSES.incrementAndGet(), programs);
        while (!batch.programs.isEmpty() && findings.values().stream().noneMatch(enough)) {
            InProcessCompiler.Result compiled = compiler.compile(Map.of(batch.className, batch.source));
            try {
                if (!compiled.success()) {
                    List<String> unattributed = new ArrayList<>();
                    List<Integer> rejected = rejected(batch, compiled, findings, unattributed);
                    if (rejected.isEmpty()) {
                        crashed(batch, unattributed, findings);
                        break;
                    }
                    batch = batch.without(rejected);
                    continue;
                }
                byte[] elf = compiled.object(batch.className);
                LoadedObject object;
                try {
                    object = BpfObjectFile.open(elf, batch.className).load();
                } catch (VerifierException e) {
                    int index = Integer.parseInt(e.program().substring(1));
                    findings.put(batch.programs.get(index), new Finding(Finding.Kind.VERIFIER, batch.programs.get(index),
                            batch.listing(index), "verifier: " + e.getMessage() + "\n" + tail(e.log()) + disassembly(elf, e.program())));
                    batch = batch.without(List.of(index));
                    continue;
                }
                try (object; URLClassLoader loader = compiled.classLoader()) {
                    compare(batch, elf, object, loader.loadClass(InProcessCompiler.PACKAGE + "." + batch.className), findings);
                }
                break;
            } catch (ReflectiveOperationException | java.io.IOException e) {
                throw new IllegalStateException("cannot run the generated class " + batch.className, e);
            } finally {
                compiled.delete();
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Program p : programs) {
            if (findings.containsKey(p)) {
                out.add(findings.get(p));
            }
        }
        return out;
    }

    /** An error no program can be blamed for: halve the batch until one program is left. */
    private void crashed(Batch batch, List<String> errors, Map<Program, Finding> findings) {
        if (batch.programs.size() == 1) {
            findings.put(batch.programs.get(0), new Finding(Finding.Kind.CRASH, batch.programs.get(0), batch.listing(0),
                    "javac failed: " + errors + "\n"));
            return;
        }
        int half = batch.programs.size() / 2;
        for (Finding f : run(batch.programs.subList(0, half))) {
            findings.put(f.program(), f);
        }
        for (Finding f : run(batch.programs.subList(half, batch.programs.size()))) {
            findings.put(f.program(), f);
        }
    }

    /** Records a finding for each program with an error in its lines; returns their indexes. */
    private static List<Integer> rejected(Batch batch, InProcessCompiler.Result compiled, Map<Program, Finding> findings,
                                          List<String> unattributed) {
        List<Integer> indexes = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : compiled.diagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            int index = batch.programAt(d.getLineNumber());
            Finding.Kind kind = d.getCode() != null && d.getCode().equals("compiler.err.proc.messager")
                    ? Finding.Kind.REJECTED : Finding.Kind.JVM_FAILURE;
            if (d.getMessage(null).contains("internal compiler error")) {
                kind = Finding.Kind.CRASH;
            }
            if (index < 0) {
                // An error at the class (an internal error while emitting) usually names the method.
                Matcher named = METHOD.matcher(d.getMessage(null));
                index = named.find() ? Integer.parseInt(named.group(1)) : -1;
                kind = Finding.Kind.CRASH;
            }
            if (index < 0 || index >= batch.programs.size()) {
                unattributed.add(d.getMessage(null));
                continue;
            }
            Program p = batch.programs.get(index);
            findings.putIfAbsent(p, new Finding(kind, p, batch.listing(index),
                    "line " + d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(null) + "\n"));
            if (!indexes.contains(index)) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    private void compare(Batch batch, byte[] elf, LoadedObject object, Class<?> cls, Map<Program, Finding> findings)
            throws ReflectiveOperationException {
        JvmPrograms.initMaps(cls);
        java.lang.reflect.Field mapField = cls.getDeclaredField(Batch.MAP);
        mapField.setAccessible(true);
        @SuppressWarnings("unchecked")
        BpfArrayMap<Long> jvmMap = (BpfArrayMap<Long>) mapField.get(null);
        KernelMap kernelMap = object.map(Batch.MAP);
        java.lang.reflect.Field cellsField = cls.getDeclaredField(Batch.CELLS);
        cellsField.setAccessible(true);
        BpfArrayMap<?> jvmCells = (BpfArrayMap<?>) cellsField.get(null);
        KernelMap kernelCells = object.map(Batch.CELLS);
        for (int i = 0; i < batch.programs.size(); i++) {
            String name = Batch.methodName(i);
            Method method = cls.getDeclaredMethod(name, XdpContext.class);
            method.setAccessible(true);
            for (int k = 0; k < packets.size(); k++) {
                byte[] packet = packets.get(k);
                XdpContext ctx = XdpContext.of(packet);
                int expected;
                try {
                    expected = (int) method.invoke(null, ctx);
                } catch (InvocationTargetException e) {
                    findings.put(batch.programs.get(i), new Finding(Finding.Kind.JVM_FAILURE, batch.programs.get(i),
                            batch.listing(i), "the JVM threw " + e.getCause() + "\n"));
                    break;
                }
                TestRunResult actual = object.program(name).testRun(packet);
                String difference = difference(expected, ctx.packet(), actual, i, jvmMap, kernelMap);
                if (difference == null) {
                    difference = cellsDifference(i, jvmCells, kernelCells);
                }
                if (difference != null) {
                    findings.put(batch.programs.get(i), new Finding(Finding.Kind.MISMATCH, batch.programs.get(i),
                            batch.listing(i), "packet " + k + " (" + packet.length + " bytes " + hex(packet) + "): "
                            + difference + "\n" + disassembly(elf, name)));
                    break;
                }
            }
            programsRun++;
        }
    }

    private static String difference(int expected, byte[] expectedPacket, TestRunResult actual, int program,
                                     BpfArrayMap<Long> jvmMap, KernelMap kernelMap) {
        if (expected != actual.retval()) {
            return "JVM returned " + expected + ", kernel " + actual.retval();
        }
        if (!Arrays.equals(expectedPacket, actual.data())) {
            return "output packet: JVM " + hex(expectedPacket) + ", kernel " + hex(actual.data());
        }
        for (int k = 0; k < ProgramGenerator.SLOTS; k++) {
            int slot = program * ProgramGenerator.SLOTS + k;
            long jvm = jvmMap.get(slot);
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(slot).array();
            long kernel = ByteBuffer.wrap(kernelMap.lookup(key)).order(ByteOrder.nativeOrder()).getLong();
            if (jvm != kernel) {
                return "map entry SLOT(" + k + "): JVM " + jvm + ", kernel " + kernel;
            }
        }
        return null;
    }

    /** The program's entries of the struct map its atomics change, compared byte for byte. */
    private static String cellsDifference(int program, BpfArrayMap<?> jvmCells, KernelMap kernelCells) {
        for (int k = 0; k < ProgramGenerator.SLOTS; k++) {
            int slot = program * ProgramGenerator.SLOTS + k;
            jvmCells.get(slot);   // writes back what the program changed through the entry
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(slot).array();
            byte[] jvm = new byte[jvmCells.store().valueBufferSize()];
            jvmCells.store().lookup(key, jvm);
            byte[] kernel = kernelCells.lookup(key);
            if (!Arrays.equals(jvm, kernel)) {
                return Batch.CELLS + " entry SLOT(" + k + "): JVM " + hex(jvm) + ", kernel " + hex(kernel);
            }
        }
        return null;
    }

    /** The compiled instructions of {@code program}, in llvm-objdump syntax. */
    static String disassembly(byte[] elf, String program) {
        return BpfObjectFile.open(elf, "disassembly").object().program(program).map(ProgramSpec::insns)
                .map(insns -> "disassembly of " + program + ":\n" + new Disassembler().listing(insns))
                .orElse("(no program " + program + " in the object)\n");
    }

    private static String tail(String log) {
        String[] lines = log == null ? new String[0] : log.split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 25), lines.length)) + "\n";
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
