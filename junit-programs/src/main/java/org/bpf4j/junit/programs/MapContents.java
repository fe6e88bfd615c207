package org.bpf4j.junit.programs;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.bpf4j.lang.spi.MapStore;

/** A map's entries as hex strings, comparable between a JVM map and a kernel map. */
final class MapContents {
    private static final HexFormat HEX = HexFormat.of();

    private MapContents() {}

    /** Key to value, both in hex; a per-CPU value is the sum over CPUs of each 8- or 4-byte lane. */
    static Map<String, String> of(MapStore store) {
        Map<String, String> entries = new TreeMap<>();
        store.forEachEntry((key, value) -> entries.put(HEX.formatHex(key), HEX.formatHex(fold(store, value))));
        return entries;
    }

    /** The CPUs' values added up: which CPU ran the program differs between the JVM and the kernel. */
    private static byte[] fold(MapStore store, byte[] value) {
        if (store.cpus() == 1) return value;
        int size = store.valueSize();
        int stride = (size + 7) & ~7;
        int lane = size % 8 == 0 ? 8 : size % 4 == 0 ? 4 : 1;
        byte[] sum = new byte[size];
        for (int offset = 0; offset < size; offset += lane) {
            long total = 0;
            for (int cpu = 0; cpu < store.cpus(); cpu++) total += littleEndian(value, cpu * stride + offset, lane);
            for (int i = 0; i < lane; i++) sum[offset + i] = (byte) (total >>> (8 * i));
        }
        return sum;
    }

    private static long littleEndian(byte[] bytes, int offset, int length) {
        long v = 0;
        for (int i = length - 1; i >= 0; i--) v = v << 8 | (bytes[offset + i] & 0xFF);
        return v;
    }
}
