package org.bpf4j.runtime.map;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.junit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maps of maps: clang's {@code __array(values, ...)} definitions and {@link KernelMap#create} with a template. */
@KernelTest
class MapInMapTest {
    static final String MAP_IN_MAP = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64);
                           __uint(max_entries, 1); };
            struct inner inner_a SEC(".maps"), inner_b SEC(".maps");

            struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 2); __type(key, __u32);
                     __array(values, struct inner); } outer SEC(".maps") = { .values = { [1] = &inner_b } };
            struct { __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS); __uint(max_entries, 4); __type(key, __u32);
                     __array(values, struct inner); } by_hash SEC(".maps");

            SEC("socket")
            int bump(struct __sk_buff *skb) {
                __u32 one = 1, zero = 0;
                void *in = bpf_map_lookup_elem(&outer, &one);
                if (!in) return 0;
                __u64 *v = bpf_map_lookup_elem(in, &zero);
                if (v) __sync_fetch_and_add(v, 1);
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @TempDir
    Path dir;

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static int asInt(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt();
    }

    @Test
    void clangMapInMapLoadsWithItsInitialSlot() throws Exception {
        try (LoadedObject o = BpfObjectFile.open(ClangObjects.compile("mim", MAP_IN_MAP, dir)).load()) {
            KernelMap outer = o.map("outer");
            assertEquals(4, outer.valueSize());
            assertEquals(4, o.map("by_hash").valueSize());
            int innerB = MapInfo.query(o.map("inner_b").fd().get(), "inner_b").id();
            assertEquals(innerB, asInt(outer.lookup(u32(1))), "slot 1 holds inner_b (by id)");
            assertNull(outer.lookup(u32(0)), "slot 0 is empty");
            o.program("bump").testRun().data(new byte[64]).repeat(3).run();
            assertEquals(3, ByteBuffer.wrap(o.map("inner_b").lookup(u32(0))).order(ByteOrder.nativeOrder()).getLong());
            // another inner map of the same shape goes into the hash of maps
            o.map("by_hash").update(u32(42), u32(o.map("inner_a").fd().get()));
            assertNotNull(o.map("by_hash").lookup(u32(42)));
        }
    }

    @Test
    void createTakesAnInnerMapTemplate() {
        try (KernelMap template = KernelMap.create("mim_tmpl", MapKind.ARRAY, 4, 8, 1, 0);
             KernelMap outer = KernelMap.create("mim_outer", MapKind.HASH_OF_MAPS, 4, 8, 0, template);
             KernelMap inner = KernelMap.create("mim_inner", MapKind.ARRAY, 4, 8, 1, 0)) {
            assertEquals(4, outer.valueSize());
            inner.fd().apply(fd -> {
                outer.update(u32(7), u32(fd));
                return null;
            });
            int id = MapInfo.query(inner.fd().get(), "inner").id();
            assertEquals(id, asInt(outer.lookup(u32(7))));
            assertThrows(IllegalArgumentException.class,
                    () -> KernelMap.create("mim_bad", MapKind.HASH, 4, 8, 0, template));
        }
    }
}
