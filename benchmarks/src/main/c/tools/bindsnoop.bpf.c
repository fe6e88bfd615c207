/* bindsnoop's C twin of org.bpf4j.samples.tracing.BindSnoop: fexit on inet_bind and inet6_bind
 * sends, for the process target_pid (or all when 0), the return value, sock->sk->sk_protocol and the
 * port and address of the sockaddr the caller passed. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

struct bind_event { int pid; int ret; int protocol; int ip_version; int port; __u8 addr[16]; char comm[16]; };
const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

static __always_inline int bound(int protocol, struct sockaddr *uaddr, int ret, int ip_version) {
  int pid = bpf_get_current_pid_tgid() >> 32;
  if (target_pid && pid != target_pid) return 0;
  struct bind_event b = {};
  b.pid = pid;
  b.ret = ret;
  b.protocol = protocol;
  b.ip_version = ip_version;
  __be16 port;
  bpf_probe_read_kernel(&port, sizeof(port), &((struct sockaddr_in *)uaddr)->sin_port);
  b.port = bpf_ntohs(port);
  if (ip_version == 4)
    bpf_probe_read_kernel(b.addr, 4, &((struct sockaddr_in *)uaddr)->sin_addr);
  else
    bpf_probe_read_kernel(b.addr, 16, &((struct sockaddr_in6 *)uaddr)->sin6_addr);
  bpf_get_current_comm(b.comm, sizeof(b.comm));
  bpf_ringbuf_output(&events, &b, sizeof(b), 0);
  return 0;
}

SEC("fexit/inet_bind")
int BPF_PROG(bindsnoop_v4, struct socket *sock, struct sockaddr *uaddr, int addr_len, int ret) {
  return bound(sock->sk->sk_protocol, uaddr, ret, 4);
}

SEC("fexit/inet6_bind")
int BPF_PROG(bindsnoop_v6, struct socket *sock, struct sockaddr *uaddr, int addr_len, int ret) {
  return bound(sock->sk->sk_protocol, uaddr, ret, 6);
}
char LICENSE[] SEC("license") = "GPL";
