package org.bpf4j.lang;

import org.bpf4j.annotation.BitField;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.Size;

/**
 * IPv6 header ({@code struct ipv6hdr}, 40 bytes). The first word (version, traffic class and
 * flow label) reads as one host value {@link #vtcFlow}; addresses are 16 bytes each.
 */
@BpfStruct(networkOrder = true)
public final class Ipv6Hdr {
    /** Header length. */
    public static final int SIZE = 40;

    /** Version (4 bits), traffic class (8), flow label (20). */
    public int vtcFlow;
    /** {@code payload_len}. */
    public char payloadLen;
    /** {@code nexthdr}: next header, an {@link IpProto}. */
    public byte nexthdr;
    /** {@code hop_limit}. */
    public byte hopLimit;
    /** {@code saddr}. */
    @Size(16)
    public byte[] saddr = new byte[16];
    /** {@code daddr}. */
    @Size(16)
    public byte[] daddr = new byte[16];

    /** IP version (6). */
    @BitField(field = "vtcFlow", shift = 28, width = 4)
    public int version() {
        return vtcFlow >>> 28;
    }

    /** Traffic class. */
    @BitField(field = "vtcFlow", shift = 20, width = 8)
    public int trafficClass() {
        return (vtcFlow >>> 20) & 0xFF;
    }

    /** Flow label. */
    @BitField(field = "vtcFlow", width = 20)
    public int flowLabel() {
        return vtcFlow & 0xFFFFF;
    }
}
