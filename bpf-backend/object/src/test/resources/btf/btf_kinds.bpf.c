/* Exercises every BTF kind clang emits, bitfields, map definitions of each shape libbpf reads
 * (typed key/value, key_size/value_size, pinning, map_flags, map-in-map) and CO-RE relocations.
 * Compiled by regenerate.sh into btf_kinds.btf and btf_kinds.btf.ext. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define __tag1 __attribute__((btf_decl_tag("tag1")))
#define __ttag __attribute__((btf_type_tag("user")))

enum colour { RED = -1, GREEN = 7, BLUE = 0x7fffffff };
typedef unsigned long long u64_t;

struct flags {
    unsigned int a : 3;
    unsigned int b : 5;
    int c : 12;
    _Bool d;
    unsigned char e : 1;
} __tag1;

union number { int i; float f; double d; long long l; };

struct fwd_only;

struct task_like {
    int pid;
    struct { int lo; union { int hi; short half; }; };
    volatile const u64_t stamp;
    struct fwd_only *opaque;
    int __ttag *user_ptr;
    char name[16];
} __attribute__((preserve_access_index));

struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, int); __type(value, long); };

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, __u32); __type(value, struct flags);
         __uint(map_flags, BPF_F_NO_PREALLOC); __uint(pinning, LIBBPF_PIN_BY_NAME); } typed SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 8); __uint(key_size, 4); __uint(value_size, 24); } sized SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 2); __type(key, int); __array(values, struct inner); } outer SEC(".maps");

int counter = 1;
static volatile int hidden;
const volatile enum colour colour_cfg = GREEN;
union number numbers[2];
extern int bpf_extern_value __ksym __attribute__((weak));

static __attribute__((noinline)) int helper(int x, struct flags *__restrict f __tag1) {
    return x + f->a + f->c;
}

SEC("tracepoint/syscalls/sys_enter_openat") int kinds(struct task_like *t) {
    struct flags f = { .a = 1, .c = -3 };
    int pid = BPF_CORE_READ(t, pid);
    int hi = BPF_CORE_READ(t, hi);
    if (bpf_core_field_exists(t->half)) hidden = 1;
    numbers[0].f = 1.5f;
    counter += helper(pid + hi, &f) + colour_cfg + numbers[1].i;
    bpf_map_update_elem(&typed, &counter, &f, BPF_ANY);
    return bpf_core_type_size(struct task_like) + (&bpf_extern_value != 0);
}

char LICENSE[] SEC("license") = "GPL";
