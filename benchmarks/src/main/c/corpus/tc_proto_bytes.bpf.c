#include "corpus.h"
/* tc: packets and bytes per EtherType in a per-CPU hash. */
struct proto_bytes { __u64 packets, bytes; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, struct proto_bytes); } proto_bytes SEC(".maps");
SEC("tc") int tc_proto_bytes(struct __sk_buff *skb) {
  __u32 proto = bpf_ntohs(skb->protocol);
  struct proto_bytes *v = bpf_map_lookup_elem(&proto_bytes, &proto);
  if (v) {
    v->packets++;
    v->bytes += skb->len;
  } else {
    struct proto_bytes fresh = { .packets = 1, .bytes = skb->len };
    bpf_map_update_elem(&proto_bytes, &proto, &fresh, BPF_NOEXIST);
  }
  return TC_ACT_OK;
}
char LICENSE[] SEC("license") = "GPL";
