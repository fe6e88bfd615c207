package org.bpf4j.bench.corpus;

import org.bpf4j.annotation.BpfMap;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.BpfStruct;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.BpfPerCpuHashMap;
import org.bpf4j.lang.SkBuffContext;
import org.bpf4j.lang.TcAction;
import org.bpf4j.lang.UpdateFlag;

/** Port of tc_proto_bytes.bpf.c: packets and bytes per EtherType. */
public final class TcProtoBytes {
    @BpfStruct
    public static final class ProtoBytes {
        public long packets;
        public long bytes;
    }

    @BpfMap(maxEntries = 64)
    static BpfPerCpuHashMap<Integer, ProtoBytes> protoBytes;

    @BpfProgram(type = ProgramType.TC)
    static int tcProtoBytes(SkBuffContext ctx) {
        int proto = ctx.protocol;
        ProtoBytes counts = protoBytes.get(proto);
        if (counts != null) {
            counts.packets++;
            counts.bytes += Integer.toUnsignedLong(ctx.len);
        } else {
            ProtoBytes fresh = new ProtoBytes();
            fresh.packets = 1;
            fresh.bytes = Integer.toUnsignedLong(ctx.len);
            protoBytes.put(proto, fresh, UpdateFlag.NO_EXIST);
        }
        return TcAction.OK;
    }
}
