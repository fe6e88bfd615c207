#include "corpus.h"
/* Decapsulate IPv4-in-IPv4 whose outer header has no options: move the Ethernet header forward
 * over the outer IP header and shrink the frame from the front; count decapsulated frames. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } decapsulated SEC(".maps");
SEC("xdp") int xdp_ipip_decap(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *outer = (void *)(eth + 1);
  if ((void *)(outer + 1) > end) return XDP_PASS;
  if (outer->ihl != 5 || outer->protocol != IPPROTO_IPIP) return XDP_PASS;
  struct iphdr *inner = (void *)(outer + 1);
  if ((void *)(inner + 1) > end || inner->version != 4) return XDP_DROP;
  struct ethhdr copy;
  __builtin_memcpy(&copy, eth, sizeof(copy));
  if (bpf_xdp_adjust_head(ctx, sizeof(struct iphdr))) return XDP_DROP;
  data = (void *)(long)ctx->data;
  end = (void *)(long)ctx->data_end;
  eth = data;
  if ((void *)(eth + 1) > end) return XDP_DROP;
  __builtin_memcpy(eth, &copy, sizeof(copy));
  __u32 zero = 0;
  __u64 *c = bpf_map_lookup_elem(&decapsulated, &zero);
  if (c) __sync_fetch_and_add(c, 1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
