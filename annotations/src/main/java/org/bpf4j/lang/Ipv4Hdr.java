package org.bpf4j.lang;

import org.bpf4j.annotation.BitField;
import org.bpf4j.annotation.BpfStruct;

/**
 * IPv4 header without options ({@code struct iphdr}, 20 bytes). Addresses read as host values
 * ({@code ip.saddr == Ipv4.parse("10.0.0.1")}); {@link #protocol} compares with
 * {@link IpProto}. The header length is {@code ihl() * 4}; options, if any, follow.
 * The small accessor methods are {@link BitField} reads, which the compiler lowers from that data.
 */
@BpfStruct(networkOrder = true)
public final class Ipv4Hdr {
    /** Length without options. */
    public static final int SIZE = 20;
    /** "More fragments" flag in {@link #fragOff}. */
    public static final int MF = 0x2000;
    /** "Don't fragment" flag in {@link #fragOff}. */
    public static final int DF = 0x4000;
    /** Fragment offset bits of {@link #fragOff} (in 8-byte units). */
    public static final int OFFSET_MASK = 0x1FFF;

    /** Version (high 4 bits) and header length in words (low 4 bits). */
    public byte versionIhl;
    /** {@code tos}: DSCP and ECN. */
    public byte tos;
    /** {@code tot_len}: total length. */
    public char totLen;
    /** {@code id}. */
    public char id;
    /** {@code frag_off}: flags and fragment offset. */
    public char fragOff;
    /** {@code ttl}. */
    public byte ttl;
    /** {@code protocol}: the {@link IpProto} of the payload. */
    public byte protocol;
    /** {@code check}: header checksum. */
    public char check;
    /** {@code saddr}: source address. */
    public int saddr;
    /** {@code daddr}: destination address. */
    public int daddr;

    /** Header length in 32-bit words (5 without options). */
    @BitField(field = "versionIhl", width = 4)
    public int ihl() {
        return versionIhl & 0x0F;
    }

    /** IP version (4). */
    @BitField(field = "versionIhl", shift = 4, width = 4)
    public int version() {
        return (versionIhl >> 4) & 0x0F;
    }

    /** Whether this is a fragment other than a complete datagram. */
    @BitField(field = "fragOff", width = 14)
    public boolean isFragment() {
        return (fragOff & (MF | OFFSET_MASK)) != 0;
    }
}
