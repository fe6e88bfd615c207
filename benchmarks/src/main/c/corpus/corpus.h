/* The corpus: small programs of the kinds people write, each compiled with clang -O2 and set
 * beside its Java port (benchmarks/src/main/java/org/bpf4j/bench/corpus). uapi and libbpf
 * headers only. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* <linux/icmp.h> pulls in libc headers: the echo header and types here. */
struct icmphdr { __u8 type, code; __sum16 checksum; __be16 id, sequence; };
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8

/* Not in uapi: the 802.1Q tag after the MAC addresses. */
struct vlan_hdr { __be16 tci; __be16 encapsulated_proto; };

/* Folds a 32-bit ones' complement sum to 16 bits and complements it. */
static __always_inline __u16 csum_fold(__u32 sum) {
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  return ~sum;
}

/* RFC 1624 incremental update of *check for a 32-bit field changing from `from` to `to`. */
static __always_inline void csum_replace4(__u16 *check, __u32 from, __u32 to) {
  __u32 sum = (__u16)~*check;
  sum += (__u16)~from + (__u16)~(from >> 16);
  sum += (to & 0xffff) + (to >> 16);
  *check = csum_fold(sum);
}

/* The same for a 16-bit field. */
static __always_inline void csum_replace2(__u16 *check, __u16 from, __u16 to) {
  __u32 sum = (__u16)~*check + (__u16)~from + to;
  *check = csum_fold(sum);
}
