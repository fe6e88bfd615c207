/* Maps with initial slots, which clang writes as relocations in .rel.maps: a map-in-map holding
 * two inner maps and a program array holding a tail-call target. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner_map {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u32);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 4);
  __type(key, __u32);
  __array(values, struct inner_map);
} outer_init SEC(".maps") = { .values = { [0] = &inner_a, [2] = &inner_b } };

SEC("xdp") int tail(struct xdp_md *ctx) { return XDP_PASS; }

struct {
  __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
  __uint(max_entries, 2);
  __uint(key_size, sizeof(__u32));
  __array(values, int (void *));
} jumps SEC(".maps") = { .values = { [1] = (void *)&tail } };

SEC("xdp") int entry(struct xdp_md *ctx) {
  __u32 key = 2;
  if (bpf_map_lookup_elem(&outer_init, &key)) bpf_tail_call(ctx, &jumps, 1);
  return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
