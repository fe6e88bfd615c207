#include "corpus.h"
/* Answer ICMP echo requests: swap addresses, turn the request into a reply, fix the checksum
 * incrementally, XDP_TX. */
SEC("xdp") int xdp_icmp_echo(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->ihl != 5 || ip->protocol != IPPROTO_ICMP) return XDP_PASS;
  struct icmphdr *icmp = (void *)(ip + 1);
  if ((void *)(icmp + 1) > end) return XDP_PASS;
  if (icmp->type != ICMP_ECHO || icmp->code != 0) return XDP_PASS;
  unsigned char mac[ETH_ALEN];
  __builtin_memcpy(mac, eth->h_source, ETH_ALEN);
  __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
  __builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
  __u32 a = ip->saddr; ip->saddr = ip->daddr; ip->daddr = a;
  icmp->type = ICMP_ECHOREPLY;
  csum_replace2(&icmp->checksum, bpf_htons(ICMP_ECHO << 8), bpf_htons(ICMP_ECHOREPLY << 8));
  return XDP_TX;
}
char LICENSE[] SEC("license") = "GPL";
