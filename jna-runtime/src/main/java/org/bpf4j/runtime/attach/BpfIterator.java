package org.bpf4j.runtime.attach;

import com.sun.jna.Memory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.lang.Codecs;
import org.bpf4j.lang.spi.Codec;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.sys.BpfAttr;
import org.bpf4j.runtime.sys.BpfCommand;
import org.bpf4j.runtime.sys.BpfSyscall;
import org.bpf4j.runtime.sys.Fd;
import org.bpf4j.runtime.sys.LibC;
import org.bpf4j.runtime.sys.Sys;

/**
 * A BPF iterator ({@code iter/task}, {@code iter/tcp}, …): the program attached by a link, and
 * each read a fresh pass over the kernel objects whose output, written by the program with
 * {@code bpf_seq_printf}/{@code bpf_seq_write}, is returned whole: as text ({@link #read()}) or
 * as fixed-size records ({@link #records(Class)}). Each pass opens its own iterator descriptor
 * and closes it; reading after {@link #close()} throws {@link IllegalStateException}.
 */
public final class BpfIterator implements AutoCloseable {
    /** {@code BPF_TRACE_ITER}: the attach type of iterator links. */
    static final int TRACE_ITER = 28;
    private static final int CHUNK = 64 * 1024;

    private final Link link;
    private final String what;

    private BpfIterator(Link link, String what) {
        this.link = link;
        this.what = what;
    }

    /** Attaches an iterator program (loaded from an {@code iter/<target>} section) over all its objects. */
    public static BpfIterator attach(LoadedProgram program) {
        KernelTypes.require(program, "an iterator link", KernelTypes.TRACING);
        String what = "iterator program '" + program.name() + "' (" + program.section() + ")";
        Fd fd = program.fd().apply(p -> BpfSyscall.linkCreate(p, 0, TRACE_ITER, 0, null, what));
        return new BpfIterator(Link.bpfLink(fd, what + " (BPF link)"), what);
    }

    /** One pass over the objects: everything the program wrote, as bytes. */
    public byte[] readBytes() {
        int iter = link.fd().apply(l -> Sys.bpf(BpfCommand.ITER_CREATE, new BpfAttr().u32(0, l), what));
        try (Memory buffer = new Memory(CHUNK)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n;
            while ((n = Sys.check(LibC.read(iter, buffer, CHUNK), "read", what)) > 0) {
                out.write(buffer.getByteArray(0, (int) n), 0, (int) n);
            }
            return out.toByteArray();
        } finally {
            LibC.close(iter);
        }
    }

    /** One pass over the objects: everything the program wrote, as UTF-8 text. */
    public String read() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /**
     * One pass over the objects, as the {@code @BpfStruct} records (or scalars) of {@code type}
     * the program wrote with {@code bpf_seq_write}, one after the other.
     */
    public <T> List<T> records(Class<T> type) {
        return records(Codecs.of(type));
    }

    /** One pass over the objects, as records of {@code codec.size()} bytes, decoded in the machine's byte order. */
    public <T> List<T> records(Codec<T> codec) {
        byte[] bytes = readBytes();
        int size = codec.size();
        if (bytes.length % size != 0) {
            throw new BpfException(what + " wrote " + bytes.length + " bytes, not a whole number of " + size
                    + "-byte records: does the program write only these records, with bpf_seq_write?");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        List<T> records = new ArrayList<>(bytes.length / size);
        while (in.hasRemaining()) records.add(codec.decode(in));
        return records;
    }

    public Link link() {
        return link;
    }

    @Override
    public void close() {
        link.close();
    }
}
