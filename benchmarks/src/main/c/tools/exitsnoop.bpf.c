/* exitsnoop's C twin of org.bpf4j.samples.tracing.ExitSnoop: when a process ends (its leader's
 * sched_process_exit), its parent, exit code and age are read through CO-RE and sent.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct exit { __u64 age_ns; int pid; int ppid; int exit_code; char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tracepoint/sched/sched_process_exit") int exitsnoop(void *ctx) {
  __u64 id = bpf_get_current_pid_tgid();
  int pid = id >> 32;
  if (pid != (int)id) return 0;
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  struct exit *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (!e) return 0;
  e->pid = pid;
  e->ppid = BPF_CORE_READ(task, real_parent, tgid);
  e->exit_code = BPF_CORE_READ(task, exit_code);
  e->age_ns = bpf_ktime_get_ns() - BPF_CORE_READ(task, start_time);
  bpf_get_current_comm(e->comm, sizeof(e->comm));
  bpf_ringbuf_submit(e, 0);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
