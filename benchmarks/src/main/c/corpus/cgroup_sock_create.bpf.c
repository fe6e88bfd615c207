#include "corpus.h"
/* cgroup sock_create: refuse raw IPv4 and IPv6 sockets, count them per family. */
#define AF_INET 2
#define AF_INET6 10
#define SOCK_RAW 3
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } raw_refused SEC(".maps");
SEC("cgroup/sock_create") int cgroup_sock_create(struct bpf_sock *sk) {
  if (sk->type != SOCK_RAW) return 1;
  __u32 k;
  if (sk->family == AF_INET) k = 0;
  else if (sk->family == AF_INET6) k = 1;
  else return 1;
  __u64 *c = bpf_map_lookup_elem(&raw_refused, &k);
  if (c) __sync_fetch_and_add(c, 1);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
