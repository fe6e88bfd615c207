/* Decodes the arguments of whichever USDT site fired, by the spec the site's BPF cookie names,
 * and keeps per spec id the hit count, the attacher's cookie and the last arguments. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpf4j_usdt.h"

struct seen {
    __u64 hits;
    __u64 cookie;
    __u64 arg_count;
    __s64 args[BPF4J_USDT_MAX_ARGS];
};

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, struct bpf4j_usdt_spec); } usdt_specs SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, struct seen); } seen SEC(".maps");

static __always_inline __s64 read_arg(void *ctx, const struct bpf4j_usdt_arg *arg) {
    __u64 v = 0;
    switch (arg->kind) {
    case BPF4J_USDT_CONSTANT:
        v = arg->value;
        break;
    case BPF4J_USDT_REGISTER:
        bpf_probe_read_kernel(&v, sizeof(v), ctx + arg->reg_offset);
        break;
    case BPF4J_USDT_MEMORY: {
        __u64 base = 0, size = arg->size;
        bpf_probe_read_kernel(&base, sizeof(base), ctx + arg->reg_offset);
        if (size > sizeof(v)) return 0;
        bpf_probe_read_user(&v, size, (void *)(base + arg->value));
        break;
    }
    }
    int shift = 64 - 8 * arg->size;
    v <<= shift;
    return arg->is_signed ? ((__s64)v) >> shift : (__s64)(v >> shift);
}

SEC("uprobe")
int read_usdt(struct pt_regs *ctx) {
    __u32 id = bpf_get_attach_cookie(ctx);
    struct bpf4j_usdt_spec *spec = bpf_map_lookup_elem(&usdt_specs, &id);
    struct seen *out = bpf_map_lookup_elem(&seen, &id);
    if (!spec || !out) return 0;
    out->hits++;
    out->cookie = spec->cookie;
    out->arg_count = spec->arg_count;
    for (int i = 0; i < BPF4J_USDT_MAX_ARGS && i < spec->arg_count; i++) out->args[i] = read_arg(ctx, &spec->args[i]);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
