package org.bpf4j.it.lower;

import org.bpf4j.annotation.BpfConfig;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.Bpf;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** Global variables in .bss, .data and .rodata, and helper calls with strings and sizes. */
public final class Globals {
    /** Packets seen (.bss). */
    static long packets;
    /** Bytes seen, starting from a non-zero value (.data). */
    static long bytes = 1000;
    /** The smallest length a packet must have to pass (.rodata, set before load). */
    @BpfConfig
    static int minLength;
    /** A format constant: passed to the helper like a literal. */
    static final String SHORT_PACKET = "bpf4j: short packet of %d bytes\n";
    /** The length of the last packet (.bss, 32 bits). */
    static int lastLength;

    @BpfProgram(type = ProgramType.XDP)
    static int count(XdpContext ctx) {
        int length = ctx.length();
        packets++;
        bytes += length;
        lastLength = length;
        if (length < minLength) {
            Bpf.tracePrintk(SHORT_PACKET, length);
            return XdpAction.DROP;
        }
        return XdpAction.PASS;
    }
}
