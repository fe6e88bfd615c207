package org.bpf4j.lang;

import org.bpf4j.annotation.BpfStruct;

/**
 * ICMP header ({@code struct icmphdr}, 8 bytes) with the echo fields of its union; the same
 * layout serves ICMPv6 ({@code struct icmp6hdr}).
 */
@BpfStruct(networkOrder = true)
public final class IcmpHdr {
    /** Header length. */
    public static final int SIZE = 8;
    /** Echo reply type. */
    public static final int ECHO_REPLY = 0;
    /** Destination unreachable type. */
    public static final int DEST_UNREACH = 3;
    /** Echo request type. */
    public static final int ECHO_REQUEST = 8;
    /** Time exceeded type. */
    public static final int TIME_EXCEEDED = 11;
    /** ICMPv6 echo request type. */
    public static final int V6_ECHO_REQUEST = 128;
    /** ICMPv6 echo reply type. */
    public static final int V6_ECHO_REPLY = 129;

    /** {@code type}. */
    public byte type;
    /** {@code code}. */
    public byte code;
    /** {@code checksum}. */
    public char checksum;
    /** {@code un.echo.id}. */
    public char id;
    /** {@code un.echo.sequence}. */
    public char sequence;
}
