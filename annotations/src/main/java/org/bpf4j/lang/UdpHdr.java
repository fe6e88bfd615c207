package org.bpf4j.lang;

import org.bpf4j.annotation.BpfStruct;

/** UDP header ({@code struct udphdr}, 8 bytes); fields read as host values. */
@BpfStruct(networkOrder = true)
public final class UdpHdr {
    /** Header length. */
    public static final int SIZE = 8;

    /** {@code source}: source port. */
    public char source;
    /** {@code dest}: destination port. */
    public char dest;
    /** {@code len}: header plus payload length. */
    public char len;
    /** {@code check}. */
    public char check;
}
