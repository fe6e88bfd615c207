package org.bpf4j.bench;

import org.bpf4j.annotation.MapKind;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.sys.Cpus;

/**
 * bpfmeasure's map digest: the XOR over entries of FNV-1a(value, FNV-1a(key)), values of
 * per-CPU maps summed as u64 lanes first, all-zero array slots not counted. Order-independent.
 */
final class MapDigest {
    /** bpfmeasure's seed: FNV-1a's offset basis with its last digit missing; kept for identical digests. */
    private static final long SEED = 1469598103934665603L, FNV_PRIME = 1099511628211L;

    record Result(long entries, long digest) {}

    private MapDigest() {}

    static Result of(KernelMap m) {
        int ks = m.keySize(), vs = m.valueSize();
        boolean perCpu = m.isPerCpu();
        boolean array = m.type() == MapKind.ARRAY.kernelType() || m.type() == MapKind.PERCPU_ARRAY.kernelType();
        int stride = (vs + 7) / 8 * 8;
        long acc = 0, entries = 0;
        byte[] key = null;
        while ((key = m.nextKey(key)) != null) {
            byte[] val = m.lookup(key);
            if (val == null) continue;
            byte[] v = val;
            if (perCpu) {
                v = new byte[64];
                for (int c = 0; c < Cpus.possibleCount(); c++) {
                    for (int i = 0; i + 8 <= vs && i < 64; i += 8) putLong(v, i, getLong(v, i) + getLong(val, c * stride + i));
                }
            }
            boolean zero = true;
            for (int i = 0; i < vs && i < 64; i++) if (v[i] != 0) zero = false;
            if (zero && array) continue;
            entries++;
            acc ^= fnv(v, Math.min(vs, 64), fnv(key, ks, SEED));
        }
        return new Result(entries, acc);
    }

    private static long fnv(byte[] b, int n, long h) {
        for (int i = 0; i < n; i++) {
            h ^= b[i] & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[at + i] & 0xff);
        return v;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
