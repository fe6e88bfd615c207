/* runqlat's C twin of org.bpf4j.samples.tracing.RunqLat: a task is queued when woken or switched
 * out still runnable (preempted, or prev_state TASK_RUNNING), and the wait until it is switched in
 * goes into a log2 histogram (usecs, or msecs), for the process target_pid or all when 0.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define SLOTS 26
const volatile int target_pid = 0;
const volatile bool milliseconds = false;
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 10240); __type(key, int); __type(value, __u64); } queued SEC(".maps");
__u64 slots[SLOTS] = {};

static __always_inline void enqueue(struct task_struct *p) {
  int pid = p->pid;
  if (pid && (!target_pid || p->tgid == target_pid)) {
    __u64 now = bpf_ktime_get_ns();
    bpf_map_update_elem(&queued, &pid, &now, BPF_ANY);
  }
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

SEC("tp_btf/sched_wakeup") int BPF_PROG(runqlat_wakeup, struct task_struct *p) {
  enqueue(p);
  return 0;
}

SEC("tp_btf/sched_wakeup_new") int BPF_PROG(runqlat_wakeup_new, struct task_struct *p) {
  enqueue(p);
  return 0;
}

SEC("tp_btf/sched_switch") int BPF_PROG(runqlat_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
                                        unsigned int prev_state) {
  if (preempt || prev_state == 0) enqueue(prev);
  int pid = next->pid;
  __u64 *at = bpf_map_lookup_elem(&queued, &pid);
  if (!at) return 0;
  __u64 wait = (bpf_ktime_get_ns() - *at) / (milliseconds ? 1000000 : 1000);
  int slot = log2(wait);
  __sync_fetch_and_add(&slots[slot < SLOTS ? slot : SLOTS - 1], 1);
  bpf_map_delete_elem(&queued, &pid);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
