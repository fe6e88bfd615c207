#include "corpus.h"
/* Router step: drop IPv4 packets whose TTL would expire, else decrement it with the kernel's
 * incremental checksum update (ip_decrease_ttl); count both in ttl_stats. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } ttl_stats SEC(".maps");
SEC("xdp") int xdp_ttl_forward(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  __u32 expired = ip->ttl <= 1;
  __u64 *c = bpf_map_lookup_elem(&ttl_stats, &expired);
  if (c) __sync_fetch_and_add(c, 1);
  if (expired) return XDP_DROP;
  __u32 check = ip->check;
  check += bpf_htons(0x0100);
  ip->check = (__u16)(check + (check >= 0xffff));
  ip->ttl--;
  return XDP_TX;
}
char LICENSE[] SEC("license") = "GPL";
