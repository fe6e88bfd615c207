/* Exercises the cpu v4 instructions and the less common ones for the disassembler test:
 * sdiv/smod, movsx, ldsx, bswap, jmp32, 32/64-bit atomics with fetch, xchg, cmpxchg,
 * store of an immediate, and (by inline assembly) gotol, jset, the legacy packet loads,
 * may_goto, load_acquire, store_release and addr_space_cast. */
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned int u32;
typedef unsigned long long u64;

struct args {
    s32 a, b;
    s64 la, lb;
    s8 *c;
    s16 *s;
    s32 *i;
    u32 *q;
    u64 *p;
};

__attribute__((section("tc"), used))
int v4_ops(struct args *z)
{
    s32 a = z->a, b = z->b;
    s64 la = z->la, lb = z->lb;
    s64 x = a / b + a % b + la / lb + la % lb;      /* sdiv, smod (32 and 64 bit) */
    x += (s64)*z->c + *z->s + *z->i;                /* ldsx of 8, 16, 32 bits */
    x += (s64)(s8)a + (s64)(s16)b + (s64)(s32)la;    /* movsx */
    x += (s32)(s8)b + (s32)(s16)a;                   /* movsx32 */
    x += __builtin_bswap16(b) + __builtin_bswap32(a) + __builtin_bswap64(la);
    __sync_fetch_and_add(z->q, 3);
    x += __sync_fetch_and_add(z->q, a);
    x += __sync_fetch_and_or(z->q, 4) + __sync_fetch_and_and(z->q, 5) + __sync_fetch_and_xor(z->q, 6);
    __sync_fetch_and_or(z->p, 7);
    __sync_fetch_and_and(z->p, 8);
    __sync_fetch_and_xor(z->p, 9);
    x += __sync_fetch_and_add(z->p, la) + __sync_fetch_and_or(z->p, lb);
    x += __sync_fetch_and_and(z->p, 10) + __sync_fetch_and_xor(z->p, 11);
    x += __sync_lock_test_and_set(z->p, 12) + __sync_lock_test_and_set(z->q, 13);
    x += __sync_val_compare_and_swap(z->p, 1, 2) + __sync_val_compare_and_swap(z->q, 3, a);
    if ((u32)a < (u32)b || (s32)a > 17)                   /* jmp32 */
        x += 1;
    *z->q = 7;                                        /* st imm */
    *z->p = -1;
    asm volatile("gotol +1; r0 = 0; if r1 & 0x10 goto +1; if w1 & w2 goto +0;"
                 "r6 = r1; r0 = *(u8 *)skb[14]; r0 = *(u16 *)skb[r2]; r0 = *(u32 *)skb[20]"
                 ::: "r0", "r6");
    asm volatile("r3 s%%= r4; w3 s%%= 7; r3 %%= r4; w3 %%= w4; r3 s/= -9; w3 s/= w4;"
                 "r3 = (s8)r4; r3 = (s16)r4; r3 = (s32)r4; w3 = (s8)w4;"
                 "r3 = *(s32 *)(r4 + 8); r3 = *(s8 *)(r10 - 1); *(u8 *)(r10 - 8) = 5; *(u16 *)(r10 - 6) = -2;"
                 "r3 = bswap16 r3; r3 = le64 r3; r3 = be32 r3; w3 = -w3; r3 = -r3;"
                 "lock *(u32 *)(r3 + 4) |= w4; lock *(u32 *)(r3 + 4) &= w4; lock *(u32 *)(r3 + 4) ^= w4;"
                 "if r3 s< -5 goto +2; if w3 s<= w4 goto -1; if r3 >= r4 goto +0; if w3 != 0 goto +0;"
                 "r3 = 0x123456789abcdef ll; r4 = -2 ll; call 5;"
                 "may_goto +1; w0 = load_acquire((u8 *)(r1 + 2)); r0 = load_acquire((u64 *)(r1 - 8));"
                 "store_release((u16 *)(r1 + 0), w2); store_release((u64 *)(r10 - 8), r2);"
                 "r1 = addr_space_cast(r2, 0, 1); r1 = addr_space_cast(r2, 1, 0);"
                 ::: "r0", "r1", "r2", "r3", "r4", "r5");
    return x;
}

char _license[] __attribute__((section("license"), used)) = "GPL";
