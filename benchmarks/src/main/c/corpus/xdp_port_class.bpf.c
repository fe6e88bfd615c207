#include "corpus.h"
/* Classify both ports of IPv4 TCP/UDP packets with a BPF-to-BPF function (0 well-known,
 * 1 registered, 2 dynamic, 3 forbidden: 0, 23 and 135-139) and count the pairs; drop packets
 * with a forbidden port. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } port_classes SEC(".maps");
static __noinline int port_class(__u32 port) {
  if (port == 0 || port == 23 || (port >= 135 && port <= 139)) return 3;
  if (port < 1024) return 0;
  if (port < 49152) return 1;
  return 2;
}
SEC("xdp") int xdp_port_class(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP) return XDP_PASS;
  struct udphdr *l4 = (void *)ip + ip->ihl * 4;
  if ((void *)(l4 + 1) > end) return XDP_PASS;
  int src = port_class(bpf_ntohs(l4->source)), dst = port_class(bpf_ntohs(l4->dest));
  __u32 pair = src * 4 + dst;
  __u64 *c = bpf_map_lookup_elem(&port_classes, &pair);
  if (c) __sync_fetch_and_add(c, 1);
  return src == 3 || dst == 3 ? XDP_DROP : XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
