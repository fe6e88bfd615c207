/* USDT probes for the bpf4j USDT tests: every argument width and signedness, in registers,
 * in memory and as constants; one probe with two call sites; one probe behind a semaphore
 * (in usdt_guarded.c, which alone defines _SDT_HAS_SEMAPHORES). Usage: usdt_target <rounds> [wait];
 * prints how many rounds found the guarded probe enabled. UsdtAttachTest holds the values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

struct record { int64_t id; uint32_t flags; int16_t delta; uint8_t tag; };

/* volatile so the values are loaded at run time, into registers, not folded into constants */
static volatile int8_t v_s8 = -5;
static volatile uint8_t v_u8 = 250;
static volatile int16_t v_s16 = -1234;
static volatile uint16_t v_u16 = 65000;
static volatile int32_t v_s32 = -100000;
static volatile uint32_t v_u32 = 4000000000u;
static volatile int64_t v_s64 = -5000000000000LL;
static volatile uint64_t v_u64 = 0xfedcba9876543210ULL;

/* makes the compiler hold x in a register at this point */
#define IN_REGISTER(x) __asm__ volatile("" : "+r"(x))

int bpf4j_guarded(int round); /* usdt_guarded.c: fires bpf4j:guarded, returns 1 if enabled */

__attribute__((noinline)) void in_memory(const struct record *r) {
    STAP_PROBE4(bpf4j, memory, r->id, r->flags, r->delta, r->tag);
}

/* unoptimized, so the arguments live in the frame: -N(%rbp) */
__attribute__((noinline, optimize("O0"))) void on_stack(int64_t a, uint16_t b) {
    STAP_PROBE2(bpf4j, stack, a, b);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1, enabled = 0;
    if (argc > 2) getchar();     /* "wait": a test attaches to this pid, then sends a line */
    for (int i = 0; i < rounds; i++) {
        int8_t s8 = v_s8; uint8_t u8 = v_u8; int16_t s16 = v_s16; uint16_t u16 = v_u16;
        int32_t s32 = v_s32; uint32_t u32 = v_u32; int64_t s64 = v_s64; uint64_t u64 = v_u64;
        IN_REGISTER(s8); IN_REGISTER(u8); IN_REGISTER(s16); IN_REGISTER(u16);
        IN_REGISTER(s32); IN_REGISTER(u32); IN_REGISTER(s64); IN_REGISTER(u64);
        STAP_PROBE8(bpf4j, registers, s8, u8, s16, u16, s32, u32, s64, u64);
        STAP_PROBE3(bpf4j, globals, v_u16, v_s32, v_u64);
        on_stack(v_s64, v_u16);
        STAP_PROBE4(bpf4j, constants, -7, 200, -3000000000LL, 42);
        struct record r = { v_s64, v_u32, v_s16, v_u8 };
        in_memory(&r);
        STAP_PROBE1(bpf4j, twice, 1);       /* two sites of one probe: a constant here, */
        STAP_PROBE1(bpf4j, twice, s32);     /* a register there */
        enabled += bpf4j_guarded(i);
    }
    printf("%d\n", enabled);
    return 0;
}
