package org.bpf4j.samples.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bpf4j.samples.tracing.ToolArguments.Option;
import org.junit.jupiter.api.Test;

/** The histogram and table tools' command line: flags, interval and count, what a wrong one says, the help. */
class IntervalArgumentsTest {
    private static final List<Option> RUNQLAT = List.of(new Option("-m", "in milliseconds"), Option.pid("the threads"),
            new Option("-T", "print the time before each histogram"));

    private static String wrong(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> IntervalArguments.parse(args, RUNQLAT)).getMessage();
    }

    @Test
    void flagsThenIntervalAndCount() {
        assertEquals(new IntervalArguments(0, Set.of(), Optional.empty(), 1, false), IntervalArguments.parse(new String[0], RUNQLAT));
        assertEquals(new IntervalArguments(9, Set.of("-m", "-T"), Optional.of(Duration.ofSeconds(2)), 3, false),
                IntervalArguments.parse(new String[] {"-T", "-p", "9", "-m", "2", "3"}, RUNQLAT));
        assertEquals(Long.MAX_VALUE, IntervalArguments.parse(new String[] {"1"}, RUNQLAT).count(), "an interval alone: until stopped");
        assertTrue(IntervalArguments.parse(new String[] {"--help"}, RUNQLAT).help());
    }

    @Test
    void aWrongCommandLineSaysWhatIsWrong() {
        assertEquals("unknown option -C, it takes -m, -p, -T", wrong("-C"));
        assertEquals("-p needs a process id, a positive number, not '-m'", wrong("-p", "-m"));
        assertEquals("the interval is a number of seconds from 1 to 999999, not '1s'", wrong("1s"));
        assertEquals("the count is a number from 1 to 999999, not '0'", wrong("-m", "1", "0"));
        assertEquals("an interval and a count at most, found 1 2 3", wrong("1", "2", "3"));
    }

    @Test
    void theHelpListsTheToolsOptions() {
        assertEquals("""
                usage: RunqLatTool [-h] [-m] [-p PID] [-T] [interval [count]]

                Prints a histogram.

                  -h       print this help
                  -m       in milliseconds
                  -p       PID  only the threads of process PID
                  -T       print the time before each histogram
                  interval print every this many seconds
                  count    stop after this many prints
                """, IntervalArguments.help("RunqLatTool", "Prints a histogram.", RUNQLAT));
    }

    @Test
    void minusTPutsTheTimeBeforeTheHistogram() {
        long[] slots = {0, 2};
        List<String> plain = Log2Histogram.interval(false, slots, "usecs");
        assertEquals("", plain.get(0));
        assertEquals(Log2Histogram.lines(slots, "usecs"), plain.subList(1, plain.size()));
        List<String> timed = Log2Histogram.interval(true, slots, "usecs");
        assertTrue(timed.get(1).matches("\\d\\d:\\d\\d:\\d\\d"), timed.get(1));
        assertEquals(plain.subList(1, plain.size()), timed.subList(2, timed.size()));
    }
}
