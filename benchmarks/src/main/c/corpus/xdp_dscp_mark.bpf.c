#include "corpus.h"
/* Mark IPv4 TCP/UDP traffic with the DSCP configured for its destination port (dscp_by_port),
 * keeping ECN, with an incremental header checksum update. */
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u8); } dscp_by_port SEC(".maps");
SEC("xdp") int xdp_dscp_mark(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP) return XDP_PASS;
  struct udphdr *l4 = (void *)ip + ip->ihl * 4; /* the ports lie alike in TCP and UDP */
  if ((void *)(l4 + 1) > end) return XDP_PASS;
  __u32 port = bpf_ntohs(l4->dest);
  __u8 *dscp = bpf_map_lookup_elem(&dscp_by_port, &port);
  if (!dscp) return XDP_PASS;
  __u8 tos = *dscp << 2 | (ip->tos & 3);
  if (tos == ip->tos) return XDP_PASS;
  __u16 old = *(__u16 *)ip;
  ip->tos = tos;
  csum_replace2(&ip->check, old, *(__u16 *)ip);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
