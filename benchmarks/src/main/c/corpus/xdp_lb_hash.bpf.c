#include "corpus.h"
/* Layer-2 (direct server return) load balancer: hash the IPv4 flow (source, ports, protocol) to
 * one of four backends, write the backend's MAC as destination and send it back out; count
 * packets per backend. Backends without a MAC (all zero) are skipped: the packet passes. */
struct backend { unsigned char mac[ETH_ALEN]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, struct backend); } backends SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } backend_packets SEC(".maps");
SEC("xdp") int xdp_lb_hash(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP) return XDP_PASS;
  struct udphdr *l4 = (void *)ip + ip->ihl * 4;
  if ((void *)(l4 + 1) > end) return XDP_PASS;
  __u32 h = bpf_ntohl(ip->saddr);
  h ^= (__u32)bpf_ntohs(l4->source) << 16 | bpf_ntohs(l4->dest);
  h ^= ip->protocol;
  h *= 0x9e3779b1;
  h ^= h >> 16;
  __u32 slot = h & 3;
  struct backend *b = bpf_map_lookup_elem(&backends, &slot);
  if (!b) return XDP_PASS;
  int empty = 1;
  for (int i = 0; i < ETH_ALEN; i++) if (b->mac[i]) empty = 0;
  if (empty) return XDP_PASS;
  __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
  __builtin_memcpy(eth->h_dest, b->mac, ETH_ALEN);
  __u64 *c = bpf_map_lookup_elem(&backend_packets, &slot);
  if (c) __sync_fetch_and_add(c, 1);
  return XDP_TX;
}
char LICENSE[] SEC("license") = "GPL";
