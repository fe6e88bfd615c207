/* oomkill's C twin of org.bpf4j.samples.tracing.OomKill: at tp_btf/mark_victim (the victim's
 * task, on 6.1 and 6.18 alike) the current task, which ran out of memory, the victim and its
 * mm->total_vm are sent. Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct kill { __u64 pages; int trigger_pid; int victim_pid; char trigger_comm[16]; char victim_comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");

SEC("tp_btf/mark_victim") int BPF_PROG(oomkill, struct task_struct *victim, uid_t uid) {
  struct kill *k = bpf_ringbuf_reserve(&events, sizeof(*k), 0);
  if (!k) return 0;
  k->trigger_pid = bpf_get_current_pid_tgid() >> 32;
  bpf_get_current_comm(k->trigger_comm, sizeof(k->trigger_comm));
  k->victim_pid = victim->tgid;
  bpf_probe_read_kernel_str(k->victim_comm, sizeof(k->victim_comm), victim->comm);
  k->pages = victim->mm->total_vm;
  bpf_ringbuf_submit(k, 0);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
