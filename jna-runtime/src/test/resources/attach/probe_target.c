/* The uprobe test's target: calls bpf4j_probe_target as often as its argument says. */
#include <stdlib.h>

__attribute__((noinline)) int bpf4j_probe_target(int x) {
    __asm__ volatile("" ::: "memory");
    return x * 2 + 1;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    int sum = 0;
    for (int i = 0; i < n; i++) sum += bpf4j_probe_target(i);
    return sum == -1;
}
