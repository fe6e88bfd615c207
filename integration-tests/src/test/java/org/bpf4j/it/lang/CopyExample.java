package org.bpf4j.it.lang;

import java.util.Arrays;
import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.annotation.Size;
import org.bpf4j.lang.BpfArrayMap;
import org.bpf4j.lang.EthHdr;
import org.bpf4j.lang.Structs;
import org.bpf4j.lang.XdpAction;
import org.bpf4j.lang.XdpContext;

/** The block-move example of docs/LANGUAGE.md, which {@code LanguageDocKernelTest} quotes and runs. */
public final class CopyExample {
    @BpfStruct
    public static final class Sender {
        @Size(6) public byte[] mac = new byte[6];
        @Size(10) public byte[] note = new byte[10];
        public int frames;
    }

    @BpfMap(maxEntries = 1)
    static BpfArrayMap<Sender> last;

    /** Sends each frame back where it came from, remembering the sender. */
    @BpfProgram(type = ProgramType.XDP)
    static int bounce(XdpContext ctx) {
        EthHdr eth = ctx.header(0, EthHdr.class);
        Sender sender = last.get(0);
        if (eth == null || sender == null) {
            return XdpAction.PASS;
        }
        EthHdr original = new EthHdr();
        Structs.copy(original, eth);                          // struct assignment: 14 bytes
        System.arraycopy(original.source, 0, eth.dest, 0, 6); // stack -> packet
        System.arraycopy(original.dest, 0, eth.source, 0, 6);
        System.arraycopy(original.source, 0, sender.mac, 0, 6); // stack -> map value
        Arrays.fill(sender.note, (byte) '-');                   // 10 bytes: an 8- and a 2-byte store
        Arrays.fill(sender.note, 0, 2, (byte) original.proto);
        sender.frames++;
        return XdpAction.TX;
    }
}
