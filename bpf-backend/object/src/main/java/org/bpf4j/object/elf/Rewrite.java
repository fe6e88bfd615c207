package org.bpf4j.object.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads BPF objects and writes them back through {@link BpfObject}: a check that the model keeps
 * everything a loader needs. Usage: {@code Rewrite IN.o... OUTDIR}; each output keeps its input's
 * file name.
 */
public final class Rewrite {
    private Rewrite() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Rewrite IN.o... OUTDIR");
            System.exit(2);
        }
        Path outDir = Path.of(args[args.length - 1]);
        Files.createDirectories(outDir);
        try {
            for (Path out : rewrite(Arrays.stream(args, 0, args.length - 1).map(Path::of).toList(), outDir)) {
                System.out.println(out);
            }
        } catch (ElfFormatException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Rewrites each input into {@code outDir}; returns the written files. */
    public static List<Path> rewrite(List<Path> inputs, Path outDir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Path in : inputs) {
            BpfObject object = BpfObjectReader.read(in);
            byte[] bytes;
            try {
                bytes = BpfObjectWriter.write(object);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(in + ": " + e.getMessage(), e);
            }
            Path out = outDir.resolve(in.getFileName());
            Files.write(out, bytes);
            written.add(out);
        }
        return written;
    }
}
