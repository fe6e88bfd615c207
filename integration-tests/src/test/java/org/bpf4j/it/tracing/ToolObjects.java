package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.junit.ExternalProcess;
import org.bpf4j.junit.Prerequisites;

/**
 * A tool's object loaded twice, by libbpf ({@code bpftool prog loadall}, which applies our
 * core_relo records itself) and by our loader: each program's translated code must be the same.
 */
public final class ToolObjects {
    private static final Pattern MAP_ID = Pattern.compile("map\\[id:(\\d+)\\]");

    private ToolObjects() {}

    /**
     * Loads {@code resource} with bpftool beside {@code ours} (already loaded by our loader) and
     * compares the programs named, whose kernel ids {@code id} gives; returns libbpf's dumps.
     */
    public static <S> Map<String, String> sameTranslatedCode(Class<?> skeleton, String resource, S ours, ToIntFunction<String> id,
            List<String> programs, Path tmp) throws Exception {
        String bpftool = Prerequisites.requireTool("bpftool").toString();
        Path object = tmp.resolve("tool.bpf.o");
        try (InputStream in = skeleton.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            Files.copy(in, object);
        }
        Path pins = Path.of("/sys/fs/bpf", "bpf4j-tools-" + UUID.randomUUID());
        Map<String, String> dumps = new HashMap<>();
        try {
            ExternalProcess.stdoutOf(bpftool, "prog", "loadall", object.toString(), pins.toString());
            for (String program : programs) {
                String libbpf = xlated(bpftool, "pinned", pins.resolve(program).toString());
                String mine = xlated(bpftool, "id", Integer.toString(id.applyAsInt(program)));
                assertEquals(libbpf, mine, program + ": translated code after libbpf's and our loading");
                dumps.put(program, libbpf);
            }
        } finally {
            ExternalProcess.stdoutOf("rm", "-rf", pins.toString());
        }
        return dumps;
    }

    /** bpftool's translated code with map ids numbered in order of appearance. */
    private static String xlated(String bpftool, String how, String which) {
        String dump = ExternalProcess.stdoutOf(bpftool, "prog", "dump", "xlated", how, which);
        Map<String, Integer> numbers = new HashMap<>();
        Matcher m = MAP_ID.matcher(dump);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = numbers.computeIfAbsent(m.group(1), k -> numbers.size() + 1);
            m.appendReplacement(out, "map[#" + n + "]");
        }
        m.appendTail(out);
        return out.toString();
    }
}
