#include "corpus.h"
/* Walk up to four IPv6 extension headers to the transport protocol and count it; drop fragments
 * and headers cut short. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 256); __type(key, __u32); __type(value, __u64); } l4_protocols SEC(".maps");
SEC("xdp") int xdp_ipv6_exthdr(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IPV6)) return XDP_PASS;
  struct ipv6hdr *ip6 = (void *)(eth + 1);
  if ((void *)(ip6 + 1) > end) return XDP_PASS;
  __u32 nexthdr = ip6->nexthdr;
  __u32 off = sizeof(*eth) + sizeof(*ip6);
  for (int i = 0; i < 4; i++) {
    if (nexthdr == IPPROTO_FRAGMENT) return XDP_DROP;
    if (nexthdr != IPPROTO_HOPOPTS && nexthdr != IPPROTO_ROUTING && nexthdr != IPPROTO_DSTOPTS) break;
    struct ipv6_opt_hdr *ext = data + off;
    if ((void *)(ext + 1) > end) return XDP_DROP;
    nexthdr = ext->nexthdr;
    off += (ext->hdrlen + 1) * 8;
  }
  __u64 *count = bpf_map_lookup_elem(&l4_protocols, &nexthdr);
  if (count) __sync_fetch_and_add(count, 1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
