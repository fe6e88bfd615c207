#include "corpus.h"
/* cgroup connect4: refuse TCP connects to telnet (23) and SMTP (25) except to loopback; count
 * refusals per port. */
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } connect_denied SEC(".maps");
SEC("cgroup/connect4") int cgroup_connect4_policy(struct bpf_sock_addr *ctx) {
  if (ctx->protocol != IPPROTO_TCP) return 1;
  __u32 port = bpf_ntohs(ctx->user_port);
  if (port != 23 && port != 25) return 1;
  if ((bpf_ntohl(ctx->user_ip4) >> 24) == 127) return 1;
  __u64 one = 1, *c = bpf_map_lookup_elem(&connect_denied, &port);
  if (c) __sync_fetch_and_add(c, 1);
  else bpf_map_update_elem(&connect_denied, &port, &one, BPF_NOEXIST);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
