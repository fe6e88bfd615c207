/* A probe guarded by its semaphore: the kernel raises bpf4j_guarded_semaphore while a uprobe
 * with ref_ctr_offset is attached, so the ENABLED() check counts the rounds it was. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short bpf4j_guarded_semaphore __attribute__((section(".probes")));
#define BPF4J_GUARDED_ENABLED() __builtin_expect(bpf4j_guarded_semaphore, 0)

int bpf4j_guarded(int round) {
    if (!BPF4J_GUARDED_ENABLED()) return 0;
    STAP_PROBE1(bpf4j, guarded, round);
    return 1;
}
