#include "corpus.h"
/* Admit only frames from source MACs in mac_allow, counting frames per MAC; drop the rest. */
struct mac_key { unsigned char addr[ETH_ALEN]; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 256); __type(key, struct mac_key); __type(value, __u64); } mac_allow SEC(".maps");
SEC("xdp") int xdp_mac_allow(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_DROP;
  struct mac_key key;
  __builtin_memcpy(key.addr, eth->h_source, ETH_ALEN);
  __u64 *c = bpf_map_lookup_elem(&mac_allow, &key);
  if (!c) return XDP_DROP;
  __sync_fetch_and_add(c, 1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
