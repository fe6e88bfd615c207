package org.bpf4j.samples.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.bpf4j.samples.tracing.ToolArguments.Option;
import org.junit.jupiter.api.Test;

/** The snoop tools' command line: what each option sets, what a wrong one says, the help, and the lines printed. */
class ToolArgumentsTest {
    private static final List<Option> SNOOP = List.of(Option.pid("the opens"), Option.TIMESTAMPS, Option.failedOnly("failed opens"));

    private static ToolArguments parse(String... args) {
        return ToolArguments.parse(args, SNOOP);
    }

    private static String wrong(List<Option> options, String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ToolArguments.parse(args, options)).getMessage();
    }

    @Test
    void optionsInAnyOrderThenTheDuration() {
        assertEquals(new ToolArguments(0, false, false, OptionalLong.empty(), false), parse());
        assertEquals(new ToolArguments(42, true, true, OptionalLong.of(10), false), parse("-x", "-p", "42", "-T", "10"));
        assertEquals(new ToolArguments(0, false, false, OptionalLong.empty(), true), parse("--help"));
        assertTrue(parse("-h", "5").help());
    }

    @Test
    void aWrongCommandLineSaysWhatIsWrong() {
        assertEquals("-p needs a process id, a positive number, not 'abc'", wrong(SNOOP, "-p", "abc"));
        assertEquals("-p needs a process id, a positive number", wrong(SNOOP, "-p"));
        assertEquals("-p needs a process id, a positive number, not '0'", wrong(SNOOP, "-p", "0", "5"));
        assertEquals("unknown option -z, it takes -p, -T, -x", wrong(SNOOP, "-z"));
        assertEquals("unknown option -x, it takes -p, -T", wrong(List.of(Option.pid("the connects"), Option.TIMESTAMPS), "-x"));
        assertEquals("unknown option -p, it takes none", wrong(List.of(), "-p", "1"));
        assertEquals("the duration is a number of seconds from 1 to 999999, not 'ten'", wrong(SNOOP, "ten"));
        assertEquals("the duration is a number of seconds from 1 to 999999, not '0'", wrong(SNOOP, "-T", "0"));
        assertEquals("one duration at most, found 5 6", wrong(SNOOP, "5", "6"));
        assertEquals("unknown option -1, it takes -p, -T, -x", wrong(SNOOP, "-1"));
    }

    @Test
    void theHelpListsTheToolsOptions() {
        assertEquals("usage: OpenSnoopTool [-h] [-p PID] [-T] [-x] [seconds]", ToolArguments.usage("OpenSnoopTool", SNOOP));
        assertEquals("""
                usage: OpenSnoopTool [-h] [-p PID] [-T] [-x] [seconds]

                Prints every openat.

                  -h   print this help
                  -p   PID  only the opens of process PID
                  -T   print the time (HH:MM:SS) an event was read first
                  -x   only failed opens
                  seconds stop after this many seconds (default: when killed)
                """, ToolArguments.help("OpenSnoopTool", "Prints every openat.", SNOOP));
        assertEquals("usage: OomKillTool [-h] [seconds]", ToolArguments.usage("OomKillTool", List.of()));
    }

    @Test
    void linesKeepTheFailedEventsWithTheTimeFirst() {
        List<String> out = new ArrayList<>();
        Consumer<Integer> all = parse().lines("RET", out::add, ret -> ret < 0);
        all.accept(3);
        all.accept(-2);
        assertEquals(List.of("RET", "3", "-2"), out);
        out.clear();
        Consumer<Integer> failed = parse("-x", "-T").lines("RET", out::add, ret -> ret < 0);
        failed.accept(3);
        failed.accept(-2);
        assertEquals(2, out.size(), out.toString());
        assertEquals("TIME     RET", out.get(0));
        assertTrue(out.get(1).matches("\\d\\d:\\d\\d:\\d\\d -2"), out.get(1));
    }

    @Test
    void aProcessFilterInJavaKeepsThatProcessesEvents() {
        List<Integer> kept = new ArrayList<>();
        Consumer<Integer> one = ToolArguments.ofProcess(7, pid -> pid, kept::add);
        one.accept(7);
        one.accept(8);
        assertEquals(List.of(7), kept);
        Consumer<Integer> every = ToolArguments.ofProcess(0, pid -> pid, kept::add);
        every.accept(8);
        every.accept(9);
        assertEquals(List.of(7, 8, 9), kept);
    }
}
