/*
 * The uprobe test's target: calls bpf4j_probe_target as often as its first argument says; with
 * a second argument it first waits for a line on stdin (so a probe can be set for its pid).
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int bpf4j_probe_target(int x) {
    __asm__ volatile("" ::: "memory");
    return x * 2 + 1;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (argc > 2) {
        char line[16];
        if (!fgets(line, sizeof line, stdin)) return 2;
    }
    int sum = 0;
    for (int i = 0; i < n; i++) sum += bpf4j_probe_target(i);
    return sum == -1;
}
