#include "corpus.h"
/* Socket filter: keep only IPv4 TCP SYNs (the packet starts at the IP header), counting them. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } syns_kept SEC(".maps");
SEC("socket") int sock_tcp_syn(struct __sk_buff *skb) {
  struct iphdr ip;
  if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip))) return 0;
  if (ip.version != 4 || ip.protocol != IPPROTO_TCP) return 0;
  struct tcphdr tcp;
  if (bpf_skb_load_bytes(skb, ip.ihl * 4, &tcp, sizeof(tcp))) return 0;
  if (!tcp.syn || tcp.ack) return 0;
  __u32 zero = 0;
  __u64 *c = bpf_map_lookup_elem(&syns_kept, &zero);
  if (c) __sync_fetch_and_add(c, 1);
  return skb->len;
}
char LICENSE[] SEC("license") = "GPL";
