package org.bpf4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.InsnClass;
import org.bpf4j.object.isa.Mode;
import org.bpf4j.runtime.BpfObjectFile;

/**
 * Loads and stores of block moves: compiles {@code benchmarks/src/main/c/moves/block_moves.bpf.c}
 * with clang and counts, in each of its programs and in the program of the same name in bpf4j's
 * {@code BlockMoves} object, the memory loads ({@code LDX}) and stores ({@code ST}, {@code STX}
 * with mode {@code MEM}). Each kind of copy also has a 0-byte program, so that a copy's own
 * moves are its count less that of the 0-byte program.
 *
 * <p>usage: {@code MoveCounts [--clang PATH] [--cpu v3] OURS.bpf.o}
 */
public final class MoveCounts {
    private MoveCounts() {
    }

    /** The counts of one program on both sides. */
    public record Row(String program, int clangLoads, int clangStores, int oursLoads, int oursStores, int clangSlots,
            int oursSlots) {
        int clangMoves() {
            return clangLoads + clangStores;
        }

        int oursMoves() {
            return oursLoads + oursStores;
        }
    }

    public static Path source() {
        return Compare.sourceRoot().resolve("moves/block_moves.bpf.c");
    }

    /** The rows for every program of the C source, in its order. */
    public static List<Row> run(Path clang, String cpu, Path ours) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("bpf4j-moves");
        try {
            Path object = Compare.compile(clang, cpu, source(), work);
            BpfObject c = BpfObjectFile.open(object).object();
            BpfObject o = BpfObjectFile.open(ours).object();
            List<Row> rows = new ArrayList<>();
            for (String name : BpfObjectFile.open(object).programNames()) {
                ProgramSpec cp = c.program(name).orElseThrow();
                ProgramSpec op = o.programs().stream().filter(p -> Compare.normalize(p.name()).equals(Compare.normalize(name)))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no port of " + name + " in " + ours));
                rows.add(new Row(name, loads(cp), stores(cp), loads(op), stores(op), slots(cp), slots(op)));
            }
            return rows;
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(work);
        }
    }

    private static int loads(ProgramSpec p) {
        return (int) p.insns().stream().filter(i -> InsnClass.of(i.opcode()) == InsnClass.LDX && isMemory(i)).count();
    }

    private static int stores(ProgramSpec p) {
        return (int) p.insns().stream()
                .filter(i -> (InsnClass.of(i.opcode()) == InsnClass.ST || InsnClass.of(i.opcode()) == InsnClass.STX) && isMemory(i))
                .count();
    }

    private static boolean isMemory(Insn i) {
        Mode m = Mode.of(i.opcode());
        return m == Mode.MEM || m == Mode.MEMSX;
    }

    private static int slots(ProgramSpec p) {
        return p.insns().stream().mapToInt(Insn::slots).sum();
    }

    /** The table of docs/PERFORMANCE.md: per program loads + stores of both sides, and of the copy alone. */
    public static void print(List<Row> rows, PrintStream out) {
        out.println("| program | clang ld+st | ours ld+st | copy alone: clang | ours | clang slots | ours slots |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            Row base = baseOf(r, rows);
            out.printf("| %s | %d+%d | %d+%d | %d | %d | %d | %d |%n", r.program(), r.clangLoads(), r.clangStores(), r.oursLoads(),
                    r.oursStores(), r.clangMoves() - base.clangMoves(), r.oursMoves() - base.oursMoves(), r.clangSlots(),
                    r.oursSlots());
        }
    }

    /** The 0-byte program of the same kind ({@code map_0} for {@code map_20}). */
    static Row baseOf(Row r, List<Row> rows) {
        String kind = r.program().substring(0, r.program().indexOf('_'));
        return rows.stream().filter(b -> b.program().equals(kind + "_0")).findFirst().orElseThrow();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path clang = Path.of(Compare.CLANG_22);
        String cpu = "v3";
        Path ours = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clang" -> clang = Path.of(args[++i]);
                case "--cpu" -> cpu = args[++i];
                default -> ours = Path.of(args[i]);
            }
        }
        if (ours == null) {
            System.err.println("usage: MoveCounts [--clang PATH] [--cpu v3] OURS.bpf.o (target/classes/META-INF/bpf/"
                    + "org.bpf4j.bench.moves.BlockMoves.bpf.o)");
            System.exit(2);
        }
        print(run(clang, cpu, ours), System.out);
    }
}
