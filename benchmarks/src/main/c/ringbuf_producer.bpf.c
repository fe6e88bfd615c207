/* Producer for the runtime benchmarks: every run emits one 16-byte record {seq, seq * 3}. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 24); } events SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 1); } drops SEC(".maps");
unsigned long long next_seq;

SEC("socket")
int produce(struct __sk_buff *skb) {
    unsigned long long seq = __sync_fetch_and_add(&next_seq, 1);
    unsigned long long *rec = bpf_ringbuf_reserve(&events, 16, 0);
    if (!rec) {
        __u32 zero = 0;
        __u64 *d = bpf_map_lookup_elem(&drops, &zero);
        if (d) __sync_fetch_and_add(d, 1);
        return 0;
    }
    rec[0] = seq;
    rec[1] = seq * 3;
    bpf_ringbuf_submit(rec, 0);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
