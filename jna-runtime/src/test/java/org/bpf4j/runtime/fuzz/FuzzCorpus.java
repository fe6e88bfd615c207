package org.bpf4j.runtime.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.runtime.ClangObjects;

/** Valid objects to mutate: clang builds of programs that use every part of an object the loader reads. */
final class FuzzCorpus {
    /** Maps in .maps with BTF, globals in all three sections, subprograms, a .kconfig extern, a ring buffer. */
    static final String FEATURES = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64);
                     __uint(max_entries, 16); } counts SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
            const volatile int limit = 3;
            int bias = 5;
            unsigned long long seen;
            extern unsigned int LINUX_KERNEL_VERSION __kconfig;

            static __attribute__((noinline)) int scale(int x) { return x * limit + bias; }

            SEC("xdp")
            int count(struct xdp_md *ctx) {
                __u32 k = ctx->ingress_ifindex & 7;
                __u64 one = scale(1), *v = bpf_map_lookup_elem(&counts, &k);
                if (v) __sync_fetch_and_add(v, one); else bpf_map_update_elem(&counts, &k, &one, BPF_ANY);
                seen += LINUX_KERNEL_VERSION > 0;
                bpf_ringbuf_output(&events, &k, sizeof(k), 0);
                return 2;
            }

            SEC("socket")
            int filter(struct __sk_buff *skb) { return scale(skb->len); }

            char LICENSE[] SEC("license") = "GPL";
            """;

    /** A legacy {@code maps} section (struct bpf_map_def) without BTF for the maps. */
    static final String LEGACY_MAPS = """
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>

            struct legacy_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };
            struct legacy_map_def SEC("maps") hits = { BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 };

            SEC("socket")
            int hit(struct __sk_buff *skb) {
                __u32 k = 0;
                __u64 *v = bpf_map_lookup_elem(&hits, &k);
                if (v) __sync_fetch_and_add(v, 1);
                return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;

    private FuzzCorpus() {}

    /** The corpus compiled into {@code dir}: the sources above and the shared reference programs. */
    static List<Path> compile(Path dir) throws IOException, InterruptedException {
        List<Path> out = new ArrayList<>();
        out.add(ClangObjects.compile("features", FEATURES, dir));
        out.add(ClangObjects.compile("legacy_maps", LEGACY_MAPS, dir));
        out.addAll(ClangObjects.references(dir));
        return out;
    }
}
