package org.bpf4j.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;
import org.bpf4j.junit.Prerequisites;
import org.junit.jupiter.api.Test;

class TracepointFormatTest {
    private static final String SCHED_SWITCH = """
            name: sched_switch
            ID: 372
            format:
            \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
            \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
            \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
            \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

            \tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;
            \tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;
            \tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;
            \tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;
            \tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;
            \tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;
            \tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;

            print fmt: "prev_comm=%s ..."
            """;

    @BpfStruct
    public static final class SchedSwitch {
        public long common;
        @Size(16)
        public byte[] prevComm;
        public int prevPid;
        public int prevPrio;
        public long prevState;
        @Size(16)
        public byte[] nextComm;
        public int nextPid;
        public int nextPrio;
    }

    @BpfStruct
    public static final class Misplaced {
        public long common;
        public int prevPid;
    }

    @BpfStruct
    public static final class Exec {
        public long common;
        public int filename;
        public int pid;
        public int oldPid;
    }

    @Test
    void parsesFieldsAndChecksStructs() {
        TracepointFormat format = TracepointFormat.parse("sched", "sched_switch", SCHED_SWITCH);
        assertEquals(372, format.id());
        assertEquals(11, format.fields().size());
        assertEquals(new TracepointFormat.Field("prev_comm", "char prev_comm[16]", 8, 16, false), format.field("prev_comm"));
        assertTrue(format.field("prev_state").signed());
        format.check(SchedSwitch.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> format.check(Misplaced.class));
        assertTrue(e.getMessage().contains("prevPid is at 8 (4 bytes) but prev_pid is at 24"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> format.field("nope"));
        assertThrows(IllegalArgumentException.class, () -> TracepointFormat.parse("a", "b", "no fields"));
    }

    @Test
    void readsTheKernelsFormatFromTracefs() {
        boolean mounted = Files.isReadable(Path.of("/sys/kernel/tracing/events/sched/sched_process_exec/format"));
        Prerequisites.require("tracefs mounted at /sys/kernel/tracing", mounted);
        TracepointFormat exec = TracepointFormat.read("sched", "sched_process_exec");
        assertTrue(exec.field("filename").dynamic());
        assertEquals(TracepointContext.FIRST_READABLE_OFFSET, exec.field("filename").offset(),
                "the record's own fields start right after the common ones");
        exec.check(Exec.class);
        assertThrows(IllegalArgumentException.class, () -> TracepointFormat.read("sched", "no_such_event"));
        assertTrue(TracepointFormat.find("sched", "no_such_event").isEmpty());
        assertEquals(exec, TracepointFormat.find("sched", "sched_process_exec").orElseThrow());
    }

    @Test
    void mismatchNamesTheFormatsOffsetAndSize() {
        TracepointFormat format = TracepointFormat.parse("sched", "sched_switch", SCHED_SWITCH);
        assertTrue(format.mismatch("prevPid", 24, 4).isEmpty());
        assertEquals("prevPid is at 24 (8 bytes) but prev_pid is at 24 (4 bytes)", format.mismatch("prevPid", 24, 8).orElseThrow());
        assertEquals("prevPidd: sched/sched_switch has no field prev_pidd", format.mismatch("prevPidd", 24, 4).orElseThrow());
        assertTrue(format.mismatch("padding", 4, 4).isEmpty(), "the common bytes may be named freely");
    }
}
