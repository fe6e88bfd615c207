package org.bpf4j.it.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.it.lang.CopyExample.Sender;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.lang.JvmPrograms;
import org.bpf4j.lang.XdpContext;
import org.bpf4j.runtime.TestRunResult;
import org.junit.jupiter.api.Test;

/**
 * The Java blocks of docs/LANGUAGE.md that begin with {@code // <path>} are the rest of that
 * tested file, line for line (indentation aside); the block-move example, {@link CopyExample},
 * runs in the kernel against the JVM on random frames.
 */
@KernelTest
class LanguageDocKernelTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern QUOTE = Pattern.compile("```java\n// (\\S+\\.java)\n(.*?)```", Pattern.DOTALL);

    @Test
    void quotedBlocksAreInTheirFiles() throws Exception {
        Matcher block = QUOTE.matcher(Files.readString(ROOT.resolve("docs/LANGUAGE.md")));
        boolean example = false;
        while (block.find()) {
            String file = stripped(Files.readString(ROOT.resolve(block.group(1))));
            assertTrue(file.contains(stripped(block.group(2))), "not in " + block.group(1) + ":\n" + block.group(2));
            example |= block.group(1).endsWith("CopyExample.java");
        }
        assertTrue(example, "LANGUAGE.md quotes CopyExample.java");
    }

    @Test
    void theBlockMoveExampleAgreesWithTheJvm() throws Exception {
        JvmPrograms.initMaps(CopyExample.class);
        Random random = new Random(5);
        try (CopyExampleSkeleton skeleton = CopyExampleSkeleton.load()) {
            skeleton.last().put(0, new Sender());
            CopyExample.last.put(0, new Sender());
            for (int run = 0; run < 20; run++) {
                byte[] frame = new byte[14 + random.nextInt(50)];
                random.nextBytes(frame);
                XdpContext ctx = XdpContext.of(frame);
                int expected = jvm(ctx);
                TestRunResult actual = skeleton.object().program("bounce").testRun(frame);
                assertEquals(expected, actual.retval(), "run " + run);
                assertArrayEquals(ctx.packet(), actual.data(), "run " + run + ": the frame");
                Sender want = CopyExample.last.get(0);
                Sender got = skeleton.last().get(0);
                assertArrayEquals(want.mac, got.mac, "run " + run + ": mac");
                assertArrayEquals(want.note, got.note, "run " + run + ": note");
                assertEquals(want.frames, got.frames, "run " + run + ": frames");
            }
            assertFalse(CopyExample.last.get(0).frames == 0, "the example ran");
        }
    }

    private static int jvm(XdpContext ctx) throws Exception {
        Method method = CopyExample.class.getDeclaredMethod("bounce", XdpContext.class);
        method.setAccessible(true);
        try {
            return (int) method.invoke(null, ctx);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the JVM run failed", e.getCause());
        } finally {
            System.gc();
        }
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
    }
}
