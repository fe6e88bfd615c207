package org.bpf4j.it.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java blocks of a page of docs/ that begin with {@code // <path>} are quoted from that file,
 * a program a kernel test runs (against the JVM, or with its events): the rest of the block must
 * occur there line for line (indentation aside). Maven runs this in integration-tests/.
 */
class DocQuotesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern QUOTE = Pattern.compile("```java\n// (\\S+\\.java)\n(.*?)```", Pattern.DOTALL);

    @ParameterizedTest
    @CsvSource({"LANGUAGE.md, 2", "TRACING.md, 3"})
    void everyQuotedBlockIsInTheFileItNames(String page, int atLeast) throws IOException {
        Matcher block = QUOTE.matcher(Files.readString(ROOT.resolve("docs").resolve(page)));
        int blocks = 0;
        while (block.find()) {
            Path file = ROOT.resolve(block.group(1));
            assertTrue(Files.isRegularFile(file), page + " quotes a missing file " + file);
            assertTrue(stripped(Files.readString(file)).contains(stripped(block.group(2))),
                    "not in " + block.group(1) + " as quoted:\n" + block.group(2));
            blocks++;
        }
        assertFalse(blocks < atLeast, page + " has " + blocks + " quoted Java blocks");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }
}
