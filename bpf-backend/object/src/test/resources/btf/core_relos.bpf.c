/* CO-RE relocations of every kind CoreRelocator supports, against types named like the kernel's
 * but laid out differently, so that libbpf (bpftool -d prog load) and CoreRelocator can be
 * compared on the running kernel. Compiled by regenerate.sh (the .o is kept for bpftool). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct sched_entity { unsigned long long vruntime; } __attribute__((preserve_access_index));
struct list_head { struct list_head *next, *prev; } __attribute__((preserve_access_index));
struct task_struct {
    int tgid;
    int pid;
    struct sched_entity se;
    char comm[16];
    unsigned int flags;
    unsigned int sched_reset_on_fork : 1;
    unsigned int in_execve : 1;
    struct list_head children;
    int no_such_field_xyz;
} __attribute__((preserve_access_index));
struct task_struct___flavor { int pid; } __attribute__((preserve_access_index));
struct no_such_type_xyz { int a; } __attribute__((preserve_access_index));
struct sk_buff {
    unsigned char pkt_type : 3;
    unsigned int len;
    struct sk_buff *next;
} __attribute__((preserve_access_index));
enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID___renamed, PIDTYPE_NOPE_XYZ };

SEC("raw_tracepoint/sched_switch") int core_relos(struct bpf_raw_tracepoint_args *ctx) {
    struct task_struct *t = (void *)bpf_get_current_task();
    struct sk_buff *skb = (void *)ctx->args[0];
    long r = 0;
    r += BPF_CORE_READ(t, pid);
    r += BPF_CORE_READ(t, se.vruntime);
    r += BPF_CORE_READ(t, comm[3]);
    r += BPF_CORE_READ(t, children.next) != 0;
    r += BPF_CORE_READ((struct task_struct___flavor *)t, pid);
    r += bpf_core_field_size(t->comm);
    r += bpf_core_field_exists(t->flags);
    if (bpf_core_field_exists(t->no_such_field_xyz))
        r += BPF_CORE_READ(t, no_such_field_xyz);
    r += BPF_CORE_READ_BITFIELD_PROBED(t, in_execve);
    r += BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
    r += BPF_CORE_READ(skb, len);
    r += BPF_CORE_READ(skb, next) != 0;
    r += bpf_core_type_size(struct task_struct);
    r += bpf_core_type_exists(struct no_such_type_xyz);
    r += bpf_core_type_id_kernel(struct task_struct);
    r += bpf_core_type_id_local(struct sk_buff);
    r += bpf_core_enum_value(enum pid_type, PIDTYPE_PGID);
    r += bpf_core_enum_value_exists(enum pid_type, PIDTYPE_SID___renamed);
    r += bpf_core_enum_value_exists(enum pid_type, PIDTYPE_NOPE_XYZ);
    return r & 1;
}

char LICENSE[] SEC("license") = "GPL";
