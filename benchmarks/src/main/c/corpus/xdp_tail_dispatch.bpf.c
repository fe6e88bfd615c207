#include "corpus.h"
/* Dispatch IPv4 packets by protocol through a program array: TCP to slot 0, UDP to slot 1.
 * The TCP stage drops telnet, the UDP stage counts; a missing stage lets the packet pass. */
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } jump_table SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } stage_packets SEC(".maps");
static __always_inline struct iphdr *ipv4(void *data, void *end) {
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP)) return 0;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end || ip->ihl != 5) return 0;
  return ip;
}
static __always_inline void count(__u32 stage) {
  __u64 *c = bpf_map_lookup_elem(&stage_packets, &stage);
  if (c) __sync_fetch_and_add(c, 1);
}
SEC("xdp") int xdp_tail_dispatch(struct xdp_md *ctx) {
  struct iphdr *ip = ipv4((void *)(long)ctx->data, (void *)(long)ctx->data_end);
  if (!ip) return XDP_PASS;
  if (ip->protocol == IPPROTO_TCP) bpf_tail_call(ctx, &jump_table, 0);
  else if (ip->protocol == IPPROTO_UDP) bpf_tail_call(ctx, &jump_table, 1);
  return XDP_PASS;
}
SEC("xdp") int xdp_tail_tcp(struct xdp_md *ctx) {
  void *end = (void *)(long)ctx->data_end;
  struct iphdr *ip = ipv4((void *)(long)ctx->data, end);
  if (!ip) return XDP_PASS;
  count(0);
  struct tcphdr *tcp = (void *)(ip + 1);
  if ((void *)(tcp + 1) > end) return XDP_DROP;
  return tcp->dest == bpf_htons(23) ? XDP_DROP : XDP_PASS;
}
SEC("xdp") int xdp_tail_udp(struct xdp_md *ctx) {
  count(1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
