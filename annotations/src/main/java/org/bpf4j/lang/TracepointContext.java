package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bpf4j.annotation.CtxField;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of tracepoint programs: the tracepoint's record, laid out as its
 * {@code /sys/kernel/tracing/events/<category>/<name>/format} says. Read it by offset
 * ({@code ctx.u32(16)}, offsets must be constants) or through a {@code @BpfStruct} that mirrors
 * the format after the 8 common bytes:
 *
 * <pre>{@code
 * @BpfStruct public static final class SchedSwitch {
 *     public long common; @Size(16) public byte[] prevComm; public int prevPid; ...
 * }
 * SchedSwitch r = ctx.record(SchedSwitch.class);
 * }</pre>
 *
 * Dynamic fields ({@code __data_loc char[]}) are a u32 holding {@code length << 16 | offset};
 * read the bytes with {@code Bpf.probeReadKernel} from the context address plus the offset.
 * The record is read-only.
 */
public class TracepointContext implements BpfContext {
    /** {@code common_type}: the event id. */
    @CtxField(offset = 0, size = 2)
    public char commonType;
    /** {@code common_flags}. */
    @CtxField(offset = 2, size = 1)
    public byte commonFlags;
    /** {@code common_preempt_count}. */
    @CtxField(offset = 3, size = 1)
    public byte commonPreemptCount;
    /** {@code common_pid}: the thread that hit the tracepoint. */
    @CtxField(offset = 4, size = 4)
    public int commonPid;

    private final byte[] record;

    /** A context over a copy of a raw record in host byte order (common fields included). */
    public TracepointContext(byte[] record) {
        if (record == null || record.length < 8) {
            throw new IllegalArgumentException("a tracepoint record has at least the 8 common bytes, got "
                    + (record == null ? "null" : record.length + " bytes"));
        }
        this.record = record.clone();
        ByteBuffer buffer = buffer();
        commonType = buffer.getChar(0);
        commonFlags = buffer.get(2);
        commonPreemptCount = buffer.get(3);
        commonPid = buffer.getInt(4);
    }

    /** A context over a copy of {@code record}. */
    public static TracepointContext of(byte[] record) {
        return new TracepointContext(record);
    }

    /** The byte at {@code offset}, zero-extended. */
    @Intrinsic(IntrinsicOp.CTX_LOAD_U8)
    public int u8(int offset) {
        return buffer(offset, 1).get(offset) & 0xFF;
    }

    /** The host-order u16 at {@code offset}, zero-extended. */
    @Intrinsic(IntrinsicOp.CTX_LOAD_U16)
    public int u16(int offset) {
        return buffer(offset, 2).getChar(offset);
    }

    /** The host-order 32 bits at {@code offset}. */
    @Intrinsic(IntrinsicOp.CTX_LOAD_U32)
    public int u32(int offset) {
        return buffer(offset, 4).getInt(offset);
    }

    /** The host-order 64 bits at {@code offset}. */
    @Intrinsic(IntrinsicOp.CTX_LOAD_U64)
    public long u64(int offset) {
        return buffer(offset, 8).getLong(offset);
    }

    /** The record viewed as the {@code @BpfStruct} {@code T} (read-only). */
    @Intrinsic(IntrinsicOp.CTX_RECORD)
    public <T> T record(Class<T> type) {
        var codec = Codecs.struct(type);
        int used = 0;
        for (StructLayout.Member member : StructLayout.of(type).members()) {
            used = Math.max(used, member.offset() + member.size());
        }
        if (used > record.length) {
            throw new IllegalArgumentException(type.getName() + " reads " + used + " bytes but the record has only "
                    + record.length);
        }
        // Trailing padding of the struct may extend past the record.
        return Codecs.fromBytes(codec, Arrays.copyOf(record, Math.max(record.length, codec.size())), 0);
    }

    /** Java side: the record's length. */
    public int recordLength() {
        return record.length;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(record).order(ByteOrder.nativeOrder());
    }

    private ByteBuffer buffer(int offset, int size) {
        if (offset < 0 || (long) offset + size > record.length) {
            throw new IllegalArgumentException("tracepoint record read of " + size + " bytes at offset " + offset
                    + " is outside its " + record.length + " bytes");
        }
        return buffer();
    }
}
