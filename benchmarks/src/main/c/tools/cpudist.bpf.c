/* cpudist's C twin of org.bpf4j.samples.tracing.CpuDist: at sched_switch the task switched out
 * ends a time on the CPU and starts one off it, the task switched in the reverse; the times on
 * the CPU (off it with off_cpu) go into a log2 histogram (usecs, or msecs), for the process
 * target_pid or all when 0. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define SLOTS 26
const volatile int target_pid = 0;
const volatile bool off_cpu = false;
const volatile bool milliseconds = false;
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 10240); __type(key, int); __type(value, __u64); } since SEC(".maps");
__u64 slots[SLOTS] = {};

static __always_inline bool watched(struct task_struct *t, int pid) {
  return pid && (!target_pid || t->tgid == target_pid);
}

static __always_inline void start(struct task_struct *t, __u64 now) {
  int pid = t->pid;
  if (watched(t, pid)) bpf_map_update_elem(&since, &pid, &now, BPF_ANY);
}

/* floor(log2(v)), 0 for 0: a binary search over the bits */
static __always_inline int log2(__u64 v) {
  int r = 0;
  for (int shift = 32; shift > 0; shift >>= 1) {
    if (v >> shift) {
      v >>= shift;
      r += shift;
    }
  }
  return r;
}

static __always_inline void end(struct task_struct *t, __u64 now) {
  int pid = t->pid;
  if (!watched(t, pid)) return;
  __u64 *at = bpf_map_lookup_elem(&since, &pid);
  if (!at) return;
  int slot = log2((now - *at) / (milliseconds ? 1000000 : 1000));
  __sync_fetch_and_add(&slots[slot < SLOTS ? slot : SLOTS - 1], 1);
  bpf_map_delete_elem(&since, &pid);
}

SEC("tp_btf/sched_switch") int BPF_PROG(cpudist_switch, bool preempt, struct task_struct *prev, struct task_struct *next) {
  __u64 now = bpf_ktime_get_ns();
  if (off_cpu) {
    start(prev, now);
    end(next, now);
  } else {
    end(prev, now);
    start(next, now);
  }
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
