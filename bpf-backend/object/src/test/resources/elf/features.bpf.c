/* Exercises what BpfObjectReader models beyond the benchmark programs: several programs in one
 * section, static and global subprograms in .text, .data/.bss/.rodata/.data.<name> globals,
 * bpf_printk's format in .rodata, a string literal in .rodata.str1.1, a pinned map with flags,
 * a map-in-map and a bpf_loop callback (the address of a static function). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 4);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

struct inner {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u32);
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
  __uint(max_entries, 2);
  __type(key, __u32);
  __array(values, struct inner);
} outer SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16);
  __uint(map_flags, BPF_F_NO_PREALLOC);
#ifndef NO_PINNING /* kernel tests load this object and must not pin under /sys/fs/bpf */
  __uint(pinning, LIBBPF_PIN_BY_NAME);
#endif
  __type(key, __u32);
  __type(value, __u32);
} pinned SEC(".maps");

__u64 packets = 0;
__u32 threshold = 7;
const volatile __u32 config_port = 53;
static __u64 hidden_count;
char label[8] SEC(".data.custom") = "custom";

static __attribute__((noinline)) int add(int a, int b) { return a + b + (int)hidden_count; }

__attribute__((noinline)) int twice(int x) { return x * 2; }

SEC("xdp") int prog_a(struct xdp_md *ctx) {
  __sync_fetch_and_add(&packets, 1);
  hidden_count++;
  bpf_printk("port %d", config_port);
  return add(ctx->ingress_ifindex, threshold) > 100 ? XDP_DROP : XDP_PASS;
}

SEC("xdp") int prog_b(struct xdp_md *ctx) {
  return twice(ctx->rx_queue_index) + label[0] == 3 ? XDP_DROP : XDP_PASS;
}

SEC("tc") int prog_c(struct __sk_buff *skb) {
  __u32 key = 0;
  __u64 *count = bpf_map_lookup_elem(&counters, &key);
  if (count) __sync_fetch_and_add(count, 1);
  void *inner = bpf_map_lookup_elem(&outer, &key);
  if (inner && bpf_map_lookup_elem(inner, &key)) return 1;
  __u32 *seen = bpf_map_lookup_elem(&pinned, &key);
  if (!seen) bpf_trace_printk("unseen\n", 8);
  return seen ? 2 : 0;
}

static long step(__u32 index, void *sum) {
  *(__u64 *)sum += index;
  return 0;
}

SEC("xdp") int prog_d(struct xdp_md *ctx) {
  __u64 sum = 0;
  bpf_loop(10, step, &sum, 0);
  return sum == 45 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
