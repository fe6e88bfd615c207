/* hardirqs' C twin of org.bpf4j.samples.tracing.HardIrqs: tp_btf/irq_handler_entry notes the
 * time on its CPU; irq_handler_exit adds one run and its time to the line's totals, by number.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct totals { __u64 count; __u64 time; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } start SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, int); __type(value, struct totals); } totals SEC(".maps");

SEC("tp_btf/irq_handler_entry") int BPF_PROG(irq_entry, int irq) {
  __u32 zero = 0;
  __u64 now = bpf_ktime_get_ns();
  bpf_map_update_elem(&start, &zero, &now, BPF_ANY);
  return 0;
}

SEC("tp_btf/irq_handler_exit") int BPF_PROG(irq_exit, int irq) {
  __u32 zero = 0;
  __u64 *began = bpf_map_lookup_elem(&start, &zero);
  if (!began || !*began) return 0;
  __u64 delta = bpf_ktime_get_ns() - *began;
  struct totals *t = bpf_map_lookup_elem(&totals, &irq);
  if (t) {
    __sync_fetch_and_add(&t->count, 1);
    __sync_fetch_and_add(&t->time, delta);
  } else {
    struct totals first = { 1, delta };
    bpf_map_update_elem(&totals, &irq, &first, BPF_NOEXIST);
  }
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
