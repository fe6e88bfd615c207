#include "corpus.h"
/* Drop IPv4 UDP datagrams whose first 32 payload bytes contain the marker 0xde 0xad; count
 * them. A bounded scan with early exits. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } marker_drops SEC(".maps");
SEC("xdp") int xdp_payload_scan(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->ihl != 5 || ip->protocol != IPPROTO_UDP) return XDP_PASS;
  __u8 *payload = (void *)(ip + 1) + sizeof(struct udphdr);
  for (int i = 0; i < 32; i++) {
    if ((void *)(payload + i + 2) > end) break;
    if (payload[i] == 0xde && payload[i + 1] == 0xad) {
      __u32 zero = 0;
      __u64 *c = bpf_map_lookup_elem(&marker_drops, &zero);
      if (c) __sync_fetch_and_add(c, 1);
      return XDP_DROP;
    }
  }
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
