/* mountsnoop's C twin of org.bpf4j.samples.tracing.MountSnoop: the entry of mount copies source,
 * target and type and keeps them with the flags by thread; the exit adds the return value and
 * comm and sends the record. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct mount_call { __u64 flags; int pid; int tid; int ret; char comm[16]; char fstype[16]; char source[64]; char target[128]; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, __u32); __type(value, struct mount_call); } mounts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_mount") int mountsnoop_enter(struct trace_event_raw_sys_enter *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tid = id;
  struct mount_call m = {};
  m.pid = id >> 32;
  m.tid = tid;
  m.flags = ctx->args[3];
  bpf_probe_read_user_str(m.source, sizeof(m.source), (const char *)ctx->args[0]);
  bpf_probe_read_user_str(m.target, sizeof(m.target), (const char *)ctx->args[1]);
  bpf_probe_read_user_str(m.fstype, sizeof(m.fstype), (const char *)ctx->args[2]);
  bpf_map_update_elem(&mounts, &tid, &m, BPF_ANY);
  return 0;
}

SEC("tracepoint/syscalls/sys_exit_mount") int mountsnoop_exit(struct trace_event_raw_sys_exit *ctx) {
  __u32 tid = bpf_get_current_pid_tgid();
  struct mount_call *m = bpf_map_lookup_elem(&mounts, &tid);
  if (!m) return 0;
  m->ret = ctx->ret;
  bpf_get_current_comm(m->comm, sizeof(m->comm));
  bpf_ringbuf_output(&events, m, sizeof(*m), 0);
  bpf_map_delete_elem(&mounts, &tid);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
