#include "corpus.h"
/* Source NAT: rewrite the IPv4 source found in nat_table, with incremental updates of the IP
 * and the TCP/UDP checksum (a zero UDP checksum stays zero); count translated packets. */
struct nat_entry { __u32 addr; __u64 packets; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, __u32); __type(value, struct nat_entry); } nat_table SEC(".maps");
SEC("xdp") int xdp_snat(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  __u32 from = ip->saddr;
  struct nat_entry *e = bpf_map_lookup_elem(&nat_table, &from);
  if (!e) return XDP_PASS;
  __u32 to = e->addr;
  void *l4 = (void *)ip + ip->ihl * 4;
  if (ip->protocol == IPPROTO_TCP) {
    struct tcphdr *tcp = l4;
    if ((void *)(tcp + 1) > end) return XDP_DROP;
    csum_replace4(&tcp->check, from, to);
  } else if (ip->protocol == IPPROTO_UDP) {
    struct udphdr *udp = l4;
    if ((void *)(udp + 1) > end) return XDP_DROP;
    if (udp->check) csum_replace4(&udp->check, from, to);
  }
  ip->saddr = to;
  csum_replace4(&ip->check, from, to);
  __sync_fetch_and_add(&e->packets, 1);
  return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
