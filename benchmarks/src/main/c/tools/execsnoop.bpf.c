/* execsnoop's C twin of org.bpf4j.samples.tracing.ExecSnoop: the entry of execve notes pid,
 * parent pid (CO-RE: task->real_parent->tgid) and file name by thread; the exit adds the return
 * value and comm and sends the record. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct exec { int pid; int ppid; int ret; char comm[16]; char filename[256]; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, __u32); __type(value, struct exec); } execs SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve") int execsnoop_enter(struct trace_event_raw_sys_enter *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tid = id;
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  struct exec e = {};
  e.pid = id >> 32;
  e.ppid = BPF_CORE_READ(task, real_parent, tgid);
  bpf_probe_read_user_str(e.filename, sizeof(e.filename), (const char *)ctx->args[0]);
  bpf_map_update_elem(&execs, &tid, &e, BPF_ANY);
  return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve") int execsnoop_exit(struct trace_event_raw_sys_exit *ctx) {
  __u32 tid = bpf_get_current_pid_tgid();
  struct exec *e = bpf_map_lookup_elem(&execs, &tid);
  if (!e) return 0;
  e->ret = ctx->ret;
  bpf_get_current_comm(e->comm, sizeof(e->comm));
  bpf_ringbuf_output(&events, e, sizeof(*e), 0);
  bpf_map_delete_elem(&execs, &tid);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
