package org.bpf4j.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of tracepoint programs: the tracepoint's record, laid out as its
 * {@code /sys/kernel/tracing/events/<category>/<name>/format} says. Read it by offset
 * ({@code ctx.u32(16)}, offsets must be constants) or through a {@code @BpfStruct} that mirrors
 * the format, starting with the 8 common bytes:
 *
 * <pre>{@code
 * @BpfStruct public static final class SchedSwitch {
 *     public long common; @Size(16) public byte[] prevComm; public int prevPid; ...
 * }
 * SchedSwitch r = ctx.record(SchedSwitch.class);
 * }</pre>
 *
 * {@link TracepointFormat#read} reads the format from tracefs and checks such a struct at run
 * time; the processor checks it at compile time when the build machine's tracefs is readable (a
 * member that disagrees with the format is a javac error at the member).
 *
 * Dynamic fields ({@code __data_loc char[]}) are a u32 holding {@code length << 16 | offset};
 * read the bytes with {@code Bpf.probeReadKernel} from the context address plus the offset.
 * The record is read-only.
 *
 * <p>The verifier accepts only reads at offsets of at least {@link #FIRST_READABLE_OFFSET}
 * (this machine's 6.18 kernel refuses the common fields {@code common_type},
 * {@code common_flags}, {@code common_preempt_count}, {@code common_pid}, even from clang-built
 * C) and aligned to their size. Use {@code Bpf.getCurrentPidTgid()} for the pid. The JVM
 * body enforces the same rules, so a program that runs here also loads.
 */
public class TracepointContext implements BpfContext {
    /** The size of the common fields that precede every record's own fields. */
    public static final int FIRST_READABLE_OFFSET = 8;

    private final byte[] record;

    /** A context over a copy of a raw record in host byte order (common fields included). */
    public TracepointContext(byte[] record) {
        if (record == null || record.length < 8) {
            throw new IllegalArgumentException("a tracepoint record has at least the 8 common bytes, got "
                    + (record == null ? "null" : record.length + " bytes"));
        }
        this.record = record.clone();
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

    /**
     * The host-order u32 at {@code offset}, zero-extended: {@code long}, as
     * {@link PacketContext#u32} returns, so values of 2^31 and above stay positive.
     */
    @Intrinsic(IntrinsicOp.CTX_LOAD_U32)
    public long u32(int offset) {
        return Integer.toUnsignedLong(buffer(offset, 4).getInt(offset));
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
        if (offset < FIRST_READABLE_OFFSET || (long) offset + size > record.length) {
            throw new IllegalArgumentException("tracepoint record read of " + size + " bytes at offset " + offset
                    + " is outside " + FIRST_READABLE_OFFSET + ".." + record.length
                    + " (the kernel refuses the common fields)");
        }
        if (offset % size != 0) {
            throw new IllegalArgumentException("tracepoint record read of " + size + " bytes at offset " + offset
                    + " is misaligned: the kernel wants offsets that are multiples of the size");
        }
        return buffer();
    }
}
