#include "corpus.h"
/* Look into DNS over UDP: count queries (0) and responses (1); drop and count (2) queries that
 * are not standard queries for one name with a sane first label. */
struct dnshdr { __be16 id, flags, qdcount, ancount, nscount, arcount; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 3); __type(key, __u32); __type(value, __u64); } dns_stats SEC(".maps");
static __always_inline int count(__u32 k, int verdict) {
  __u64 *c = bpf_map_lookup_elem(&dns_stats, &k);
  if (c) __sync_fetch_and_add(c, 1);
  return verdict;
}
SEC("xdp") int xdp_dns_filter(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->protocol != IPPROTO_UDP) return XDP_PASS;
  struct udphdr *udp = (void *)ip + ip->ihl * 4;
  if ((void *)(udp + 1) > end) return XDP_PASS;
  if (udp->dest != bpf_htons(53) && udp->source != bpf_htons(53)) return XDP_PASS;
  struct dnshdr *dns = (void *)(udp + 1);
  if ((void *)(dns + 1) > end) return count(2, XDP_DROP);
  __u16 flags = bpf_ntohs(dns->flags);
  if (flags & 0x8000) return count(1, XDP_PASS);
  if ((flags >> 11 & 0xf) != 0 || dns->qdcount != bpf_htons(1)) return count(2, XDP_DROP);
  __u8 *label = (void *)(dns + 1);
  if ((void *)(label + 1) > end || *label == 0 || *label > 63) return count(2, XDP_DROP);
  return count(0, XDP_PASS);
}
char LICENSE[] SEC("license") = "GPL";
