package org.bpf4j.lang;

import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;

/**
 * Ethernet header ({@code struct ethhdr}, 14 bytes). {@link #proto} reads as a host value:
 * compare it with the {@code P_*} constants. Like every header here, multi-byte fields are
 * big-endian in the packet and host values in Java: u16 fields are {@code char}, u32 fields
 * {@code int}, u8 fields {@code byte}; the compiler byte-swaps on load and store and folds the
 * swap into constants.
 */
@BpfStruct(networkOrder = true)
public final class EthHdr {
    /** Header length. */
    public static final int SIZE = 14;
    /** IPv4 EtherType. */
    public static final char P_IPV4 = 0x0800;
    /** ARP EtherType. */
    public static final char P_ARP = 0x0806;
    /** 802.1Q VLAN tag EtherType. */
    public static final char P_8021Q = 0x8100;
    /** 802.1ad (QinQ) service tag EtherType. */
    public static final char P_8021AD = 0x88A8;
    /** IPv6 EtherType. */
    public static final char P_IPV6 = 0x86DD;

    /** {@code h_dest}: destination MAC. */
    @Size(6)
    public byte[] dest = new byte[6];
    /** {@code h_source}: source MAC. */
    @Size(6)
    public byte[] source = new byte[6];
    /** {@code h_proto}: EtherType. */
    public char proto;
}
