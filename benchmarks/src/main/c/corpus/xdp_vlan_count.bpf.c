#include "corpus.h"
/* Count packets per VLAN id (innermost of up to two tags, 0 untagged); drop non-IP payloads. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4096); __type(key, __u32); __type(value, __u64); } vlan_packets SEC(".maps");
SEC("xdp") int xdp_vlan_count(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_DROP;
  __u16 proto = eth->h_proto;
  __u32 off = sizeof(*eth), vid = 0;
#pragma unroll
  for (int i = 0; i < 2; i++) {
    if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD)) break;
    struct vlan_hdr *v = data + off;
    if ((void *)(v + 1) > end) return XDP_DROP;
    vid = bpf_ntohs(v->tci) & 0x0fff;
    proto = v->encapsulated_proto;
    off += sizeof(*v);
  }
  __u64 *count = bpf_map_lookup_elem(&vlan_packets, &vid);
  if (count) __sync_fetch_and_add(count, 1);
  return proto == bpf_htons(ETH_P_IP) || proto == bpf_htons(ETH_P_IPV6) ? XDP_PASS : XDP_DROP;
}
char LICENSE[] SEC("license") = "GPL";
