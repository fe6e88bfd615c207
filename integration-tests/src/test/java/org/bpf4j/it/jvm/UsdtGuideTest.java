package org.bpf4j.it.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java code blocks of docs/USDT.md are the tested code itself: each block, line for line
 * (indentation aside), is in the sample or test it quotes. Maven runs this in integration-tests/.
 */
class UsdtGuideTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final List<Path> QUOTED = List.of(
            Path.of("samples/src/main/java/org/bpf4j/samples/jvm/GcPauses.java"),
            Path.of("samples/src/main/java/org/bpf4j/samples/jvm/GcPausesTool.java"),
            Path.of("integration-tests/src/test/java/org/bpf4j/it/jvm/JvmToolsKernelTest.java"),
            Path.of("integration-tests/src/test/java/org/bpf4j/it/jvm/JvmEventsKernelTest.java"),
            Path.of("samples/src/main/java/org/bpf4j/samples/usdt/UsdtTrace.java"),
            Path.of("samples/src/main/java/org/bpf4j/samples/usdt/UsdtTraceTool.java"),
            Path.of("integration-tests/src/test/java/org/bpf4j/it/usdt/UsdtTraceToolKernelTest.java"));

    @Test
    void everyJavaBlockOfTheGuideIsInTheSources() throws IOException {
        List<String> sources = new ArrayList<>();
        for (Path p : QUOTED) {
            sources.add(stripped(Files.readString(ROOT.resolve(p))));
        }
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(ROOT.resolve("docs/USDT.md")));
        int blocks = 0;
        while (block.find()) {
            String code = stripped(block.group(1));
            assertTrue(sources.stream().anyMatch(s -> s.contains(code)), "not in " + QUOTED + ":\n" + block.group(1));
            blocks++;
        }
        assertFalse(blocks < 9, "the guide has " + blocks + " Java blocks");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }
}
