#include "corpus.h"
/* Per-flow packet and byte counts in an LRU hash keyed by the IPv4 5-tuple (as on the wire). */
struct flow_key { __u32 saddr, daddr; __u16 sport, dport; __u8 proto, pad[3]; };
struct flow_stats { __u64 packets, bytes; };
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 4096); __type(key, struct flow_key); __type(value, struct flow_stats); } flows SEC(".maps");
SEC("xdp") int xdp_flow_track(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  struct flow_key key = {};
  key.saddr = ip->saddr;
  key.daddr = ip->daddr;
  key.proto = ip->protocol;
  if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
    struct udphdr *l4 = (void *)ip + ip->ihl * 4;
    if ((void *)(l4 + 1) > end) return XDP_PASS;
    key.sport = l4->source;
    key.dport = l4->dest;
  }
  __u64 len = end - data;
  struct flow_stats *s = bpf_map_lookup_elem(&flows, &key);
  if (s) {
    __sync_fetch_and_add(&s->packets, 1);
    __sync_fetch_and_add(&s->bytes, len);
  } else {
    struct flow_stats fresh = { .packets = 1, .bytes = len };
    bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
  }
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
