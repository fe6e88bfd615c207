/* Block moves: __builtin_memcpy of 6, 16, 20 and 40 bytes from a map value to another, to the
 * stack, to a ring-buffer record, and from the packet; each kind also with 0 bytes (map_0, ...),
 * so that the copy's own loads and stores are the difference. The Java port is
 * benchmarks/src/main/java/org/bpf4j/bench/moves/BlockMoves.java; MoveCounts compares them. */
#include "../corpus/corpus.h"

struct blob { __u64 tag; __u8 b[48]; };     /* 8-byte aligned: clang and bpf4j know b's alignment */
struct bytes { __u8 b[40]; };                /* packet bytes: alignment 1 on both sides */

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 3); __type(key, __u32); __type(value, struct blob); } blobs SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } records SEC(".maps");

/* map value 0 -> map value 1 */
#define MAP(N) SEC("xdp") int map_##N(struct xdp_md *ctx) {                       \
  __u32 k0 = 0, k1 = 1;                                                           \
  struct blob *v = bpf_map_lookup_elem(&blobs, &k0);                              \
  struct blob *w = bpf_map_lookup_elem(&blobs, &k1);                              \
  if (!v || !w) return XDP_ABORTED;                                               \
  if (N) __builtin_memcpy(w->b, v->b, N);                                         \
  return XDP_PASS;                                                                \
}

/* packet -> map value 1 */
#define PKT(N) SEC("xdp") int pkt_##N(struct xdp_md *ctx) {                       \
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;       \
  struct bytes *p = data;                                                         \
  if ((void *)(p + 1) > end) return XDP_DROP;                                     \
  __u32 k1 = 1;                                                                   \
  struct blob *w = bpf_map_lookup_elem(&blobs, &k1);                              \
  if (!w) return XDP_ABORTED;                                                     \
  if (N) __builtin_memcpy(w->b, p->b, N);                                         \
  return XDP_PASS;                                                                \
}

/* map value 0 -> ring-buffer record */
#define REC(N) SEC("xdp") int rec_##N(struct xdp_md *ctx) {                       \
  __u32 k0 = 0;                                                                   \
  struct blob *v = bpf_map_lookup_elem(&blobs, &k0);                              \
  if (!v) return XDP_ABORTED;                                                     \
  struct blob *r = bpf_ringbuf_reserve(&records, sizeof(struct blob), 0);         \
  if (!r) return XDP_DROP;                                                        \
  if (N) __builtin_memcpy(r->b, v->b, N);                                         \
  bpf_ringbuf_submit(r, 0);                                                       \
  return XDP_PASS;                                                                \
}

/* map value 0 -> a zeroed struct on the stack -> map value 2 */
#define STK(N) SEC("xdp") int stk_##N(struct xdp_md *ctx) {                       \
  __u32 k0 = 0, k2 = 2;                                                           \
  struct blob *v = bpf_map_lookup_elem(&blobs, &k0);                              \
  if (!v) return XDP_ABORTED;                                                     \
  struct blob s = {};                                                             \
  if (N) __builtin_memcpy(s.b, v->b, N);                                          \
  bpf_map_update_elem(&blobs, &k2, &s, BPF_ANY);                                  \
  return XDP_PASS;                                                                \
}

#define ALL(N) MAP(N) PKT(N) REC(N) STK(N)
ALL(0) ALL(6) ALL(16) ALL(20) ALL(40)
char LICENSE[] SEC("license") = "GPL";
