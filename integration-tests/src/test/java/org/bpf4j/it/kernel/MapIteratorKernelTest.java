package org.bpf4j.it.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.it.tracing.ToolObjects;
import org.bpf4j.lang.Codecs;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.attach.BpfIterator;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.map.MapInfo;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MapIterator} finds a map the test created, by id, with its name, sizes and type (an
 * enum member: 1 for a hash map, 2 for an array, declared in the other order), in the
 * typed records the program wrote with {@code bpf_seq_write}; reading them as records of another
 * size, or after closing, fails with a clear exception. libbpf ({@code bpftool prog loadall})
 * relocates the enum member and constant to the same translated code as our loader.
 */
@KernelTest
class MapIteratorKernelTest {
    @Test
    void findsTheMapThisTestCreatedInTypedRecords() {
        try (KernelMap map = KernelMap.create("iter_probe_map", MapKind.HASH, 12, 40, 77, 0);
             KernelMap array = KernelMap.create("iter_probe_arr", MapKind.ARRAY, 4, 8, 1, 0);
             KernelMap lru = KernelMap.create("iter_probe_lru", MapKind.LRU_HASH, 4, 8, 16, 0);
             MapIteratorSkeleton skeleton = MapIteratorSkeleton.load();
             BpfIterator iterator = BpfIterator.attach(skeleton.maps())) {
            int id = map.fd().apply(fd -> MapInfo.query(fd, "the test's map")).id();
            int arrayId = array.fd().apply(fd -> MapInfo.query(fd, "the test's array")).id();
            int lruId = lru.fd().apply(fd -> MapInfo.query(fd, "the test's LRU hash")).id();
            for (int pass = 0; pass < 2; pass++) {
                List<MapIterator.MapRecord> records = iterator.records(MapIterator.MapRecord.class);
                MapIterator.MapRecord found = records.stream().filter(r -> r.id == id).findFirst()
                        .orElseThrow(() -> new AssertionError("map id " + id + " among " + records.size() + " records"));
                assertEquals(List.of(12, 40, 77), List.of(found.keySize, found.valueSize, found.maxEntries));
                assertArrayEquals(Arrays.copyOf("iter_probe_map".getBytes(StandardCharsets.US_ASCII), 16), found.name);
                assertEquals(List.of(1, 1), List.of(found.type, found.hash), "enum bpf_map_type map_type of a hash map");
                MapIterator.MapRecord foundArray = records.stream().filter(r -> r.id == arrayId).findFirst().orElseThrow();
                assertEquals(List.of(2, 0), List.of(foundArray.type, foundArray.hash), "enum bpf_map_type map_type of an array");
                MapIterator.MapRecord foundLru = records.stream().filter(r -> r.id == lruId).findFirst().orElseThrow();
                assertEquals(List.of((int) 'h', (int) 'a', (int) '?'), List.of(found.kind, foundArray.kind, foundLru.kind),
                        "a switch over map_type: its cases, and its default for an enumerator the enum does not declare");
            }
            BpfException notWhole = assertThrows(BpfException.class, () -> iterator.records(Codecs.bytes(1 << 20)));
            assertTrue(notWhole.getMessage().contains("not a whole number of 1048576-byte records"), notWhole.getMessage());
            iterator.close();
            assertThrows(IllegalStateException.class, iterator::read);
        }
    }

    @Test
    void libbpfMatchesTheEnumMemberAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (MapIteratorSkeleton ours = MapIteratorSkeleton.load()) {
            ToolObjects.sameTranslatedCode(MapIteratorSkeleton.class, MapIteratorSkeleton.RESOURCE, ours,
                    p -> ours.maps().info().id(), List.of("maps"), tmp);
        }
    }
}
