package org.bpf4j.runtime.load;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.List;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.ClangObjects;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.packet.PacketBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class ObjectLoaderTest {
    @TempDir
    Path dir;

    static final String GLOBALS_AND_CALLS = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            const volatile int verdict = 1;         /* .rodata: set from Java before load */
            int bias = 5;                           /* .data */
            unsigned long long seen;                /* .bss: read from Java while loaded */

            struct {
                __uint(type, BPF_MAP_TYPE_ARRAY);
                __type(key, __u32);
                __type(value, __u64);
                __uint(max_entries, 4);
            } lengths SEC(".maps");

            struct {                                /* a second map: clang leaves both at offset 0 in BTF */
                __uint(type, BPF_MAP_TYPE_HASH);
                __type(key, __u32);
                __type(value, __u32);
                __uint(max_entries, 8);
            } other_map SEC(".maps");

            static __attribute__((noinline)) int add_bias(int x) { return x + bias; }
            __attribute__((noinline)) int twice(int x) { return add_bias(x) * 2; }

            SEC("xdp")
            int first(struct xdp_md *ctx) {
                __u32 k = 0;
                __u64 len = ctx->data_end - ctx->data;
                __u64 *v = bpf_map_lookup_elem(&lengths, &k);
                if (v) *v = len;
                __sync_fetch_and_add(&seen, 1);
                return verdict;
            }

            SEC("xdp")
            int second(struct xdp_md *ctx) {
                return twice(ctx->ingress_ifindex) > 1000 ? 1 : add_bias(0) == bias ? 2 : 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    static final String REJECTED = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            SEC("xdp")
            int reads_past_end(struct xdp_md *ctx) {
                unsigned char *data = (unsigned char *)(long)ctx->data;
                return data[40] == 7 ? 1 : 2; /* no bounds check: the verifier refuses */
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    @Test
    void everyReferenceObjectLoads() throws Exception {
        List<Path> objects = ClangObjects.references(dir);
        assertEquals(8, objects.size());
        for (Path o : objects) {
            try (LoadedObject loaded = BpfObjectFile.open(o).load()) {
                assertFalse(loaded.programs().isEmpty(), o.toString());
                for (LoadedProgram p : loaded.programs()) {
                    assertTrue(p.info().verifiedInsns() > 0, p.toString());
                    assertTrue(p.info().btfId() > 0, "BTF passed with " + p);
                }
            }
        }
    }

    @Test
    void globalDataSubprogramsAndRodataBeforeLoad() throws Exception {
        Path obj = ClangObjects.compile("globals", GLOBALS_AND_CALLS, dir);
        BpfObjectFile file = BpfObjectFile.open(obj);
        assertEquals(List.of("first", "second"), file.programNames());
        file.rodata().setInt("verdict", 3); // XDP_TX
        byte[] packet = new PacketBuilder().ethernet("02:00:00:00:00:01", "02:00:00:00:00:02")
                .ipv4("10.0.0.1", "10.0.0.2").udp(1, 2).build(60);
        try (LoadedObject o = file.load()) {
            assertEquals(2, o.maps().size());
            assertEquals(8, o.map("other_map").maxEntries());
            LoadedProgram first = o.program("first");
            for (int i = 0; i < 3; i++) assertEquals(3, first.testRun(packet).retval());
            GlobalData bss = o.globals(".bss");
            assertEquals(3, bss.getLong("seen"));
            bss.setLong("seen", 100);                        // Java writes, the program sees it
            first.testRun(packet);
            assertEquals(101, bss.getLong("seen"));
            long len = ByteBuffer.wrap(o.map("lengths").lookup(new byte[4])).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(60, len);
            GlobalData rodata = o.globals(".rodata");
            assertEquals(3, rodata.getInt("verdict"));
            assertThrows(ReadOnlyBufferException.class, () -> rodata.setInt("verdict", 1));
            // second: twice() and add_bias() are appended and linked; bias comes from .data
            assertEquals(2, o.program("second").testRun(packet).retval());
            o.globals(".data").setInt("bias", 2000);
            assertEquals(1, o.program("second").testRun(packet).retval());
        }
    }

    @Test
    void verifierRejectionNamesTheSourceLine() throws Exception {
        Path obj = ClangObjects.compile("rejected", REJECTED, dir);
        VerifierException e = assertThrows(VerifierException.class, () -> BpfObjectFile.open(obj).load());
        assertEquals("reads_past_end", e.program());
        assertTrue(e.log().contains("invalid access to packet"), e.log());
        assertTrue(e.sourceLine().orElseThrow().contains("data[40] == 7"), e.sourceLine().toString());
        assertTrue(e.getMessage().contains("rejected.bpf.c:7"), e.getMessage());
    }

    @Test
    void legacyMapsSectionLoads() throws Exception {
        Path obj = ClangObjects.compile("legacy", """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                struct legacy_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
                struct legacy_def hits SEC("maps") = { BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0 };

                SEC("socket")
                int count(struct __sk_buff *skb) {
                    __u32 k = 1;
                    __u64 *v = bpf_map_lookup_elem(&hits, &k);
                    if (v) __sync_fetch_and_add(v, 1);
                    return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """, dir);
        try (LoadedObject o = BpfObjectFile.open(obj).load()) {
            o.program("count").testRun().data(new byte[64]).repeat(7).run();
            byte[] key = {1, 0, 0, 0};
            assertEquals(7, ByteBuffer.wrap(o.map("hits").lookup(key)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void badObjectsFailClearly() throws Exception {
        var e = assertThrows(BpfException.class,
                () -> BpfObjectFile.open(new byte[] {1, 2, 3}, "junk"));
        assertTrue(e.getMessage().contains("cannot read BPF object 'junk'"), e.getMessage());
        Path obj = ClangObjects.compile("globals", GLOBALS_AND_CALLS, dir);
        BpfObjectFile file = BpfObjectFile.open(obj);
        assertThrows(IllegalArgumentException.class, () -> file.resizeMap("nope", 8));
        assertThrows(IllegalArgumentException.class, () -> file.rodata().setLong("verdict", 1));
        try (LoadedObject o = file.load()) {
            assertThrows(IllegalArgumentException.class, () -> o.program("nope"));
        }
    }

    @Test
    void resizeMapChangesCapacity() throws Exception {
        Path obj = ClangObjects.compile("globals", GLOBALS_AND_CALLS, dir);
        try (LoadedObject o = BpfObjectFile.open(obj).resizeMap("lengths", 64).load()) {
            assertEquals(64, o.map("lengths").maxEntries());
            assertEquals(64, o.map("lengths").entries().size());
        }
    }
}
