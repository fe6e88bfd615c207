#include "corpus.h"
/* cgroup egress: count bytes per transport protocol, refuse UDP to the discard port (9). The
 * packet starts at the IP header. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 256); __type(key, __u32); __type(value, __u64); } egress_bytes SEC(".maps");
SEC("cgroup_skb/egress") int cgroup_skb_egress(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
  struct iphdr *ip = data;
  if ((void *)(ip + 1) > end || ip->version != 4) return 1;
  __u32 proto = ip->protocol;
  __u64 *c = bpf_map_lookup_elem(&egress_bytes, &proto);
  if (c) __sync_fetch_and_add(c, skb->len);
  if (proto != IPPROTO_UDP) return 1;
  struct udphdr *udp = (void *)ip + ip->ihl * 4;
  if ((void *)(udp + 1) > end) return 1;
  return udp->dest == bpf_htons(9) ? 0 : 1;
}
char LICENSE[] SEC("license") = "GPL";
