package org.bpf4j.it.lang;

import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.XdpContext;

/** A struct created with {@code new}, its {@code @Size} array and nested struct allocated in their declarations. */
public final class StructMembers {
    @BpfStruct
    public static final class Port {
        public short number;
        @Size(2) public byte[] flags = new byte[2];
    }

    @BpfStruct
    public static final class Frame {
        @Size(6) public byte[] mac = new byte[6];
        public Port port = new Port();
        public int sum;
    }

    /** Copies the destination MAC into a fresh frame (the untouched bytes stay zero on both sides) and hashes it. */
    @BpfProgram(type = ProgramType.XDP)
    static int frames(XdpContext ctx) {
        Frame f = new Frame();
        int n = ctx.u8(0) & 7;
        for (int i = 0; i < 6; i++) {
            if (i < n) {
                f.mac[i] = (byte) ctx.u8(i + 1);
            }
        }
        f.port.flags[1] = (byte) ctx.u8(7);
        f.port.number = (short) ctx.u16(8);
        for (byte b : f.mac) {
            f.sum = f.sum * 31 + b;
        }
        return f.sum ^ f.port.flags[0] ^ f.port.flags[1] << 8 ^ f.port.number << 12;
    }
}
