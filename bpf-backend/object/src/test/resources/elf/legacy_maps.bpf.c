/* An object in the pre-BTF style: map definitions as struct bpf_map_def in a "maps" section,
 * which libbpf 1.0 no longer loads but older toolchains produce. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
  unsigned int type;
  unsigned int key_size;
  unsigned int value_size;
  unsigned int max_entries;
  unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_counts = {
  .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 16,
};
struct bpf_map_def SEC("maps") legacy_hash = {
  .type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 4, .max_entries = 64, .map_flags = 1,
};

SEC("socket") int legacy_filter(struct __sk_buff *skb) {
  __u32 key = 1;
  __u64 *v = bpf_map_lookup_elem(&legacy_counts, &key);
  if (v) __sync_fetch_and_add(v, 1);
  return bpf_map_lookup_elem(&legacy_hash, &key) ? 0 : -1;
}

char LICENSE[] SEC("license") = "GPL";
