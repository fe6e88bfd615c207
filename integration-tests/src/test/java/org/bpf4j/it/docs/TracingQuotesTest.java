package org.bpf4j.it.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of docs/TRACING.md that begin with {@code // <path>} (the tools' walk-throughs)
 * are quoted from that file, whose tool a kernel test runs: the rest of the block must occur there
 * line for line (indentation aside).
 */
class TracingQuotesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern QUOTE = Pattern.compile("```java\n// (\\S+\\.java)\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyQuotedBlockIsInTheFileItNames() throws IOException {
        Matcher block = QUOTE.matcher(Files.readString(ROOT.resolve("docs/TRACING.md")));
        int blocks = 0;
        while (block.find()) {
            Path file = ROOT.resolve(block.group(1));
            assertTrue(Files.isRegularFile(file), "TRACING.md quotes a missing file " + file);
            assertTrue(stripped(Files.readString(file)).contains(stripped(block.group(2))),
                    "not in " + block.group(1) + " as quoted:\n" + block.group(2));
            blocks++;
        }
        assertFalse(blocks < 3, "TRACING.md has " + blocks + " quoted Java blocks");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }
}
