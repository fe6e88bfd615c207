#include "corpus.h"
/* cgroup bind4: refuse binding privileged ports other than 80 and 443; remember the last port
 * refused and count refusals. */
struct bind_refusals { __u32 last_port; __u32 count; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct bind_refusals); } bind_refusals SEC(".maps");
SEC("cgroup/bind4") int cgroup_bind4_guard(struct bpf_sock_addr *ctx) {
  __u32 port = bpf_ntohs(ctx->user_port);
  if (port == 0 || port >= 1024) return 1;
  switch (port) {
  case 80:
  case 443:
    return 1;
  }
  __u32 zero = 0;
  struct bind_refusals *r = bpf_map_lookup_elem(&bind_refusals, &zero);
  if (r) {
    r->last_port = port;
    r->count++;
  }
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
