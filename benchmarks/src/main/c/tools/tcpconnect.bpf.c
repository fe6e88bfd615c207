/* tcpconnect's C twin of org.bpf4j.samples.tracing.TcpConnect: fexit on tcp_v4_connect and
 * tcp_v6_connect sends, for a connect the kernel started (0 returned) by the process target_pid (or
 * any when 0), the destination port and address of the sockaddr the caller passed. Built against a
 * vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

struct connect_event { int pid; int ip_version; int dport; __u8 daddr[16]; char comm[16]; };
const volatile int target_pid = 0;
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

static __always_inline int connected(struct sockaddr *uaddr, int ret, int ip_version) {
  int pid = bpf_get_current_pid_tgid() >> 32;
  if (ret || (target_pid && pid != target_pid)) return 0;
  struct connect_event c = {};
  c.pid = pid;
  c.ip_version = ip_version;
  __be16 port;
  bpf_probe_read_kernel(&port, sizeof(port), &((struct sockaddr_in *)uaddr)->sin_port);
  c.dport = bpf_ntohs(port);
  if (ip_version == 4)
    bpf_probe_read_kernel(c.daddr, 4, &((struct sockaddr_in *)uaddr)->sin_addr);
  else
    bpf_probe_read_kernel(c.daddr, 16, &((struct sockaddr_in6 *)uaddr)->sin6_addr);
  bpf_get_current_comm(c.comm, sizeof(c.comm));
  bpf_ringbuf_output(&events, &c, sizeof(c), 0);
  return 0;
}

SEC("fexit/tcp_v4_connect")
int BPF_PROG(tcpconnect_v4, struct sock *sk, struct sockaddr *uaddr, int addr_len, int ret) {
  return connected(uaddr, ret, 4);
}

SEC("fexit/tcp_v6_connect")
int BPF_PROG(tcpconnect_v6, struct sock *sk, struct sockaddr *uaddr, int addr_len, int ret) {
  return connected(uaddr, ret, 6);
}
char LICENSE[] SEC("license") = "GPL";
