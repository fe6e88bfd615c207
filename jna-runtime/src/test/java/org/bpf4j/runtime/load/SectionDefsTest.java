package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SectionDefsTest {
    private static void expect(String section, int progType, int attachType, String target) {
        SectionDefs.SectionDef d = SectionDefs.forSection(section);
        assertEquals(progType, d.progType(), section);
        assertEquals(attachType, d.expectedAttachType(), section);
        assertEquals(target, d.target(section), section);
    }

    @Test
    void libbpfConventions() {
        expect("xdp", 6, 37, "");
        expect("xdp.frags", 6, 37, "");
        expect("xdp/devmap", 6, 33, "");
        expect("tc", 3, 0, "");
        expect("tc/ingress", 3, 46, "");
        expect("classifier", 3, 0, "");
        expect("socket", 1, 0, "");
        expect("tracepoint/sched/sched_process_exec", 5, 0, "sched/sched_process_exec");
        expect("tracepoint", 5, 0, "");
        expect("kprobe", 2, 0, "");
        expect("tp/syscalls/sys_enter_execve", 5, 0, "syscalls/sys_enter_execve");
        expect("raw_tp/sched_switch", 17, 0, "sched_switch");
        expect("cgroup/connect4", 18, 10, "");
        expect("cgroup_skb/egress", 8, 1, "");
        expect("uprobe//bin/true:main", 2, 0, "/bin/true:main");
        expect("fentry/do_unlinkat", 26, 24, "do_unlinkat");
        expect("lsm/file_open", 29, 27, "file_open");
        assertEquals(1 << 5, SectionDefs.forSection("xdp.frags").flags());
        assertEquals(1 << 4, SectionDefs.forSection("lsm.s/file_open").flags());
    }

    @Test
    void unknownSectionsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SectionDefs.forSection("bogus/thing"));
        assertTrue(e.getMessage().contains("'bogus/thing'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SectionDefs.forSection("tracepoint/"));
        assertThrows(IllegalArgumentException.class, () -> SectionDefs.forSection("xdpfoo"));
    }
}
