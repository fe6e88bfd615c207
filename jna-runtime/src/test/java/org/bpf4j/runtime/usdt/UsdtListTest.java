package org.bpf4j.runtime.usdt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.bpf4j.object.usdt.UsdtNotes;
import org.bpf4j.object.usdt.UsdtProbe;
import org.junit.jupiter.api.Test;

/** The listing of this JVM's libjvm.so, by file and by pid. */
class UsdtListTest {

    @Test
    void listsEverySiteOfThisJvmsLibjvm() {
        Path libjvm = UsdtTargets.libjvm();
        List<UsdtProbe> probes = UsdtNotes.read(libjvm);
        List<String> lines = UsdtList.lines(List.of(libjvm), false);
        assertEquals(libjvm + ": " + probes.size() + " probe sites", lines.get(0));
        assertEquals(probes.size() + 1, lines.size());
        UsdtProbe first = probes.get(0);
        assertEquals(String.format("  %-40s address 0x%x  offset 0x%x  semaphore -  args %s", first.qualifiedName(),
                first.address(), first.fileOffset(), first.argumentSpec()), lines.get(1));
    }

    @Test
    void aJvmsPidListsItsLibjvm() throws Exception {
        Path libjvm = UsdtTargets.libjvm().toRealPath();
        List<Path> mapped = UsdtTargets.mappedElfFiles(ProcessHandle.current().pid());
        assertTrue(mapped.contains(libjvm), mapped.toString());
        List<String> lines = UsdtList.lines(mapped, true);
        assertTrue(lines.contains(libjvm + ": " + UsdtNotes.read(libjvm).size() + " probe sites"), lines.get(0));
        var e = assertThrows(RuntimeException.class, () -> UsdtTargets.mappedElfFiles(Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("no process " + Integer.MAX_VALUE), e.getMessage());
    }
}
