#include "corpus.h"
/* Parse the options of TCP SYNs (up to 10): remember the last MSS and window scale seen, count
 * SYNs, drop SYNs announcing an MSS below 536 or with a header length under 20 bytes. */
struct tcp_opt_stats { __u32 mss; __u32 wscale; __u64 syns; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct tcp_opt_stats); } tcp_opt_stats SEC(".maps");
SEC("xdp") int xdp_tcp_opts(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end) return XDP_PASS;
  if (ip->ihl != 5 || ip->protocol != IPPROTO_TCP) return XDP_PASS;
  struct tcphdr *tcp = (void *)(ip + 1);
  if ((void *)(tcp + 1) > end) return XDP_PASS;
  if (!tcp->syn) return XDP_PASS;
  if (tcp->doff < 5) return XDP_DROP;
  __u32 optlen = tcp->doff * 4 - sizeof(*tcp);
  __u8 *opts = (void *)(tcp + 1);
  __u32 mss = 0, wscale = 0, i = 0;
  for (int n = 0; n < 10; n++) {
    if (i >= optlen || i >= 40) break;
    __u8 *p = opts + i;
    if ((void *)(p + 1) > end) break;
    __u8 kind = p[0];
    if (kind == 0) break;
    if (kind == 1) { i++; continue; }
    if ((void *)(p + 2) > end) break;
    __u8 len = p[1];
    if (len < 2) break;
    if (kind == 2 && len == 4) {
      if ((void *)(p + 4) > end) break;
      mss = p[2] << 8 | p[3];
    } else if (kind == 3 && len == 3) {
      if ((void *)(p + 3) > end) break;
      wscale = p[2];
    }
    i += len;
  }
  __u32 zero = 0;
  struct tcp_opt_stats *s = bpf_map_lookup_elem(&tcp_opt_stats, &zero);
  if (s) {
    if (mss) s->mss = mss;
    s->wscale = wscale;
    s->syns++;
  }
  return mss != 0 && mss < 536 ? XDP_DROP : XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
