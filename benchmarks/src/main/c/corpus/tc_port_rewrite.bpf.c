#include "corpus.h"
/* tc: redirect TCP and UDP traffic for port 8080 to port 80 by rewriting the destination port,
 * with an incremental update of the transport checksum (a zero UDP checksum stays zero). */
SEC("tc") int tc_port_rewrite(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return TC_ACT_OK;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return TC_ACT_OK;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return TC_ACT_OK;
  if (ip->ihl != 5) return TC_ACT_OK;
  __u16 from = bpf_htons(8080), to = bpf_htons(80);
  if (ip->protocol == IPPROTO_TCP) {
    struct tcphdr *tcp = (void *)(ip + 1);
    if ((void *)(tcp + 1) > end || tcp->dest != from) return TC_ACT_OK;
    tcp->dest = to;
    csum_replace2(&tcp->check, from, to);
  } else if (ip->protocol == IPPROTO_UDP) {
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > end || udp->dest != from) return TC_ACT_OK;
    udp->dest = to;
    if (udp->check) csum_replace2(&udp->check, from, to);
  }
  return TC_ACT_OK;
}
char LICENSE[] SEC("license") = "GPL";
