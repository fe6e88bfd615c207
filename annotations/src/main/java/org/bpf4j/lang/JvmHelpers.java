package org.bpf4j.lang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.bpf4j.lang.spi.Codec;

/**
 * The JVM bodies of the helpers of {@link Bpf} that have a meaningful Java equivalent. The
 * generator links a {@code Bpf} method to the method here of the same name; their signatures
 * must match the generated ones.
 */
final class JvmHelpers {
    private static final int ENOENT = 2;
    private static final int E2BIG = 7;
    private static final int EFAULT = 14;
    private static final int EEXIST = 17;
    private static final int EINVAL = 22;
    private static final int TASK_COMM_LEN = 16;
    private static final int CSUM_DIFF_MAX_BYTES = 512;

    private JvmHelpers() {
    }

    /** Lookup through the map's JVM semantics: the value (live for structs) or {@code null}. */
    static Object mapLookupElem(AbstractBpfMap map, Object key) {
        return engine(map, "bpf_map_lookup_elem").lookup(key);
    }

    /** Update with the kernel's error codes: {@code -EEXIST}, {@code -ENOENT}, {@code -E2BIG}. */
    static long mapUpdateElem(AbstractBpfMap map, Object key, Object value, long flags) {
        MapEngine<Object, Object> engine = engine(map, "bpf_map_update_elem");
        UpdateFlag flag = updateFlag(flags);
        if (engine.update(key, value, flag)) {
            return 0;
        }
        boolean present = engine.contains(key);
        if (flag == UpdateFlag.NO_EXIST && present) {
            return -EEXIST;
        }
        return flag == UpdateFlag.EXIST && !present ? -ENOENT : -E2BIG;
    }

    /** Delete: 0, {@code -ENOENT} when absent, {@code -EINVAL} on arrays. */
    static long mapDeleteElem(AbstractBpfMap map, Object key) {
        if (map instanceof BpfArrayMap) {
            return -EINVAL;
        }
        return engine(map, "bpf_map_delete_elem").delete(key) ? 0 : -ENOENT;
    }

    @SuppressWarnings("unchecked")
    private static MapEngine<Object, Object> engine(AbstractBpfMap map, String helper) {
        if (map instanceof BpfKeyedMap<?, ?> keyed) {
            return (MapEngine<Object, Object>) (MapEngine<?, ?>) keyed.engine;
        }
        if (map instanceof BpfArrayMap<?> array) {
            return (MapEngine<Object, Object>) (MapEngine<?, ?>) array.engine;
        }
        throw new IllegalArgumentException(helper + " needs a hash, array or trie map, not "
                + (map == null ? "null" : map.getClass().getSimpleName()));
    }

    private static UpdateFlag updateFlag(long flags) {
        for (UpdateFlag flag : UpdateFlag.values()) {
            if (flag.value() == flags) {
                return flag;
            }
        }
        throw new IllegalArgumentException("map update flags must be BPF_ANY, BPF_NOEXIST or BPF_EXIST, not " + flags);
    }

    /** {@code CLOCK_MONOTONIC}, which {@code System.nanoTime()} reads on Linux. */
    static long ktimeGetNs() {
        return System.nanoTime();
    }

    static long ktimeGetBootNs() {
        return System.nanoTime();
    }

    static long ktimeGetCoarseNs() {
        return System.nanoTime();
    }

    static int getPrandomU32() {
        return ThreadLocalRandom.current().nextInt();
    }

    static int getSmpProcessorId() {
        return JvmCpu.current();
    }

    static long getNumaNodeId() {
        return 0;
    }

    /** {@code tgid << 32 | tid} of the calling thread, read from {@code /proc/thread-self}. */
    static long getCurrentPidTgid() {
        try {
            // The link reads "<tgid>/task/<tid>".
            String[] parts = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString().split("/");
            return Long.parseLong(parts[0]) << 32 | Long.parseLong(parts[2]);
        } catch (IOException | RuntimeException e) {
            long pid = ProcessHandle.current().pid();
            return pid << 32 | pid;
        }
    }

    /** {@code gid << 32 | uid} (real ids) of this process. */
    static long getCurrentUidGid() {
        try {
            long uid = 0;
            long gid = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
            return gid << 32 | uid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** The calling thread's name as the kernel knows it, NUL-terminated, truncated to the buffer. */
    static long getCurrentComm(Object buf) {
        byte[] target = byteArray(buf, "bpf_get_current_comm");
        String comm;
        try {
            comm = Files.readString(Path.of("/proc/thread-self/comm")).strip();
        } catch (IOException e) {
            comm = Thread.currentThread().getName();
        }
        byte[] bytes = comm.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(Math.min(bytes.length, TASK_COMM_LEN - 1), target.length - 1);
        Arrays.fill(target, (byte) 0);
        System.arraycopy(bytes, 0, target, 0, Math.max(0, length));
        return 0;
    }

    /** Formats like the kernel and prints to standard error; returns the bytes written. */
    static long tracePrintk(String fmt, long... args) {
        String text = TraceFormat.format(fmt, args);
        System.err.print(text);
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static long xdpAdjustHead(XdpContext xdpMd, int delta) {
        return xdpMd.adjustHead(delta);
    }

    static long xdpAdjustTail(XdpContext xdpMd, int delta) {
        return xdpMd.adjustTail(delta);
    }

    static long xdpGetBuffLen(XdpContext xdpMd) {
        return xdpMd.length();
    }

    /**
     * The one's complement difference {@code to - from} (plus {@code seed}) folded to 16 bits,
     * as kernel 6.18 returns it, over the arrays' 32-bit words as they lie in memory (host
     * order); {@code -EINVAL} beyond the kernel's 512 bytes. Older x86 kernels (6.1 among them)
     * return the same sum unfolded, in 32 bits: equal once folded, which is all a checksum
     * update ({@code l3CsumReplace}, {@code l4CsumReplace}) or a {@code csum_fold} uses.
     */
    static long csumDiff(int[] from, int[] to, int seed) {
        int fromWords = from == null ? 0 : from.length;
        int toWords = to == null ? 0 : to.length;
        if ((fromWords + toWords) * 4 > CSUM_DIFF_MAX_BYTES) {
            return -EINVAL;
        }
        long sum = onesComplementAdd(partialSum(to, seed), ~partialSum(from, 0) & 0xFFFFFFFFL);
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    private static long partialSum(int[] words, int seed) {
        long sum = Integer.toUnsignedLong(seed);
        if (words != null) {
            for (int word : words) {
                sum = onesComplementAdd(sum, Integer.toUnsignedLong(word));
            }
        }
        return sum;
    }

    /** 32-bit one's complement addition (end-around carry). */
    private static long onesComplementAdd(long a, long b) {
        long sum = a + b;
        return (sum & 0xFFFFFFFFL) + (sum >>> 32);
    }

    /** Out of range: {@code -EINVAL}, the buffer untouched (as the kernel does for XDP). */
    static long xdpLoadBytes(XdpContext xdpMd, int offset, Object buf) {
        return loadBytes(xdpMd, offset, buf, -EINVAL, false);
    }

    static long xdpStoreBytes(XdpContext xdpMd, int offset, Object buf) {
        return storeBytes(xdpMd, offset, buf, -EINVAL);
    }

    /** Out of range: {@code -EFAULT} and the buffer zeroed (as the kernel does for skbs). */
    static long skbLoadBytes(SkBuffContext skb, int offset, Object to) {
        return loadBytes(skb, offset, to, -EFAULT, true);
    }

    static long skbStoreBytes(SkBuffContext skb, int offset, Object from, long flags) {
        return storeBytes(skb, offset, from, -EFAULT);
    }

    /** Copies packet bytes into a {@code byte[]} or a {@code @BpfStruct}; {@code error} when out of range. */
    private static long loadBytes(PacketContext ctx, int offset, Object target, int error, boolean zeroOnError) {
        byte[] packet = ctx.bytes();
        int size = target instanceof byte[] array ? array.length : structCodec(target).size();
        byte[] source = packet;
        int from = offset;
        if (offset < 0 || (long) offset + size > packet.length) {
            if (!zeroOnError) {
                return error;
            }
            source = new byte[size];
            from = 0;
        }
        if (target instanceof byte[] array) {
            System.arraycopy(source, from, array, 0, size);
        } else {
            Structs.copyFields(Codecs.fromBytes(structCodec(target), source, from), target);
        }
        return source == packet ? 0 : error;
    }

    private static long storeBytes(PacketContext ctx, int offset, Object source, int error) {
        byte[] bytes = source instanceof byte[] array ? array : Codecs.toBytes(structCodec(source), source);
        byte[] packet = ctx.bytes();
        if (offset < 0 || (long) offset + bytes.length > packet.length) {
            return error;
        }
        System.arraycopy(bytes, 0, packet, offset, bytes.length);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> structCodec(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("buffer argument is null");
        }
        return (Codec<Object>) Codecs.struct(value.getClass());
    }

    private static byte[] byteArray(Object buf, String helper) {
        if (!(buf instanceof byte[] array) || array.length == 0) {
            throw new IllegalArgumentException(helper + " on the JVM needs a non-empty byte[] buffer, got "
                    + (buf == null ? "null" : buf.getClass().getName()));
        }
        return array;
    }
}
