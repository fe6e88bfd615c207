/* softirqs' C twin of org.bpf4j.samples.tracing.SoftIrqs: tp_btf/softirq_entry notes the time
 * on its CPU; softirq_exit adds one run and its time to the vector's totals.
 * Built against a vmlinux.h that Compare generates. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define VECTORS 10
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } start SEC(".maps");
__u64 counts[VECTORS] = {};
__u64 times[VECTORS] = {};

SEC("tp_btf/softirq_entry") int BPF_PROG(softirq_entry, unsigned int vec) {
  __u32 zero = 0;
  __u64 now = bpf_ktime_get_ns();
  bpf_map_update_elem(&start, &zero, &now, BPF_ANY);
  return 0;
}

/* vec is an unsigned int; read as a u64, so that clang tests the bound on the register it indexes
 * with (from a 32-bit test, 6.1's verifier does not learn the bound of the whole register) */
SEC("tp_btf/softirq_exit") int BPF_PROG(softirq_exit, __u64 vec) {
  __u32 zero = 0;
  __u64 *began = bpf_map_lookup_elem(&start, &zero);
  if (!began || !*began || vec >= VECTORS) return 0;
  __sync_fetch_and_add(&counts[vec], 1);
  __sync_fetch_and_add(&times[vec], bpf_ktime_get_ns() - *began);
  return 0;
}
char LICENSE[] SEC("license") = "GPL";
