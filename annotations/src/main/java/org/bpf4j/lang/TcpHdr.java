package org.bpf4j.lang;

import org.bpf4j.annotation.BitField;
import org.bpf4j.annotation.BpfStruct;

/**
 * TCP header without options ({@code struct tcphdr}, 20 bytes); ports and numbers read as host
 * values. The data offset and flags bytes are kept whole; test flags with the constants
 * ({@code (tcp.flags & TcpHdr.SYN) != 0}) or the accessors.
 */
@BpfStruct(networkOrder = true)
public final class TcpHdr {
    /** Length without options. */
    public static final int SIZE = 20;
    /** FIN flag. */
    public static final int FIN = 0x01;
    /** SYN flag. */
    public static final int SYN = 0x02;
    /** RST flag. */
    public static final int RST = 0x04;
    /** PSH flag. */
    public static final int PSH = 0x08;
    /** ACK flag. */
    public static final int ACK = 0x10;
    /** URG flag. */
    public static final int URG = 0x20;
    /** ECE flag. */
    public static final int ECE = 0x40;
    /** CWR flag. */
    public static final int CWR = 0x80;

    /** {@code source}: source port. */
    public char source;
    /** {@code dest}: destination port. */
    public char dest;
    /** {@code seq}. */
    public int seq;
    /** {@code ack_seq}. */
    public int ackSeq;
    /** Data offset in words (high 4 bits) and reserved bits. */
    public byte dataOff;
    /** The flags byte: CWR ECE URG ACK PSH RST SYN FIN. */
    public byte flags;
    /** {@code window}. */
    public char window;
    /** {@code check}. */
    public char check;
    /** {@code urg_ptr}. */
    public char urgPtr;

    /** Header length in 32-bit words (5 without options). */
    @BitField(field = "dataOff", shift = 4, width = 4)
    public int doff() {
        return (dataOff >> 4) & 0x0F;
    }

    /** SYN set. */
    @BitField(field = "flags", shift = 1, width = 1)
    public boolean syn() {
        return (flags & SYN) != 0;
    }

    /** ACK set. */
    @BitField(field = "flags", shift = 4, width = 1)
    public boolean ack() {
        return (flags & ACK) != 0;
    }

    /** FIN set. */
    @BitField(field = "flags", width = 1)
    public boolean fin() {
        return (flags & FIN) != 0;
    }

    /** RST set. */
    @BitField(field = "flags", shift = 2, width = 1)
    public boolean rst() {
        return (flags & RST) != 0;
    }
}
