package org.bpf4j.bench;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfObjectFile;
import org.bpf4j.runtime.LoadedObject;
import org.bpf4j.runtime.LoadedProgram;
import org.bpf4j.runtime.ProgramInfo;
import org.bpf4j.runtime.TestRunResult;
import org.bpf4j.runtime.VerifierException;
import org.bpf4j.runtime.map.KernelMap;

/**
 * bpfmeasure, through the bpf4j runtime instead of libbpf: loads one object and prints, in
 * exactly {@code benchmarks/src/main/c/bpfmeasure.c}'s line format, each program's size and verifier
 * work, its results and run time on the reference packets, and the maps' contents afterwards.
 *
 * <p>usage: {@code Measure OBJECT.o [REPEAT]}
 */
public final class Measure {
    private static final int SOCKET_FILTER = 1, SCHED_CLS = 3, XDP = 6;
    /** libbpf_bpf_prog_type_str(), indexed by BPF_PROG_TYPE_*. */
    private static final List<String> PROG_TYPE_NAMES = List.of("unspec", "socket_filter", "kprobe", "sched_cls",
            "sched_act", "tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out",
            "lwt_xmit", "sock_ops", "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
            "lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl",
            "raw_tracepoint_writable", "cgroup_sockopt", "tracing", "struct_ops", "ext", "lsm", "sk_lookup",
            "syscall", "netfilter");
    private static final int OUT_CAPACITY = 256;

    private Measure() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Measure OBJECT.o [REPEAT]");
            System.exit(2);
        }
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.exit(run(Path.of(args[0]), repeat, System.out, System.err));
    }

    /** Measures {@code object}; returns the exit code bpfmeasure would. */
    public static int run(Path object, int repeat, PrintStream out, PrintStream err) {
        BpfObjectFile file;
        try {
            file = BpfObjectFile.open(object);
        } catch (RuntimeException e) {
            out.println("error msg=open_failed");
            err.println(e.getMessage());
            return 1;
        }
        try (LoadedObject o = file.load()) {
            seedMaps(o);
            for (LoadedProgram p : o.programs()) {
                ProgramInfo info = p.info();
                out.printf("prog name=%s type=%s slots=%d xlated=%d jited=%d processed=%d%n", p.name(), typeName(p.type()),
                        p.insnCount(), info.xlatedInsns(), info.jitedBytes(), info.verifiedInsns());
            }
            List<ReferencePackets.Packet> packets = ReferencePackets.all();
            for (LoadedProgram p : packetPrograms(o)) {
                for (ReferencePackets.Packet k : packets) {
                    out.printf("run name=%s packet=%s %s%n", p.name(), k.name(), runOnce(p, k.bytes()));
                }
            }
            for (LoadedProgram p : packetPrograms(o)) {
                for (ReferencePackets.Packet k : packets) {
                    long[] ns = new long[5];
                    for (int i = 0; i < 5; i++) ns[i] = timed(p, k.bytes(), repeat);
                    Arrays.sort(ns);
                    out.printf("time name=%s packet=%s ns=%d%n", p.name(), k.name(), ns[2]);
                }
            }
            for (KernelMap m : o.maps()) {
                if (m.type() == MapKind.RINGBUF.kernelType() || m.type() == MapKind.PERF_EVENT_ARRAY.kernelType()
                        || m.type() == MapKind.PROG_ARRAY.kernelType()) {
                    continue;
                }
                MapDigest.Result d = MapDigest.of(m);
                out.printf("map name=%s entries=%d digest=%016x%n", m.name(), d.entries(), d.digest());
            }
            return 0;
        } catch (VerifierException e) {
            out.println("error msg=load_failed");
            err.println(e.log());
            return 1;
        } catch (BpfException e) {
            out.println("error msg=load_failed");
            err.println(e.getMessage());
            return 1;
        }
    }

    private static List<LoadedProgram> packetPrograms(LoadedObject o) {
        return o.programs().stream().filter(p -> p.type() == XDP || p.type() == SCHED_CLS || p.type() == SOCKET_FILTER)
                .toList();
    }

    /** {@code retval=R out=HEX}; a failed run shows retval -1000 - errno and no output, as in bpfmeasure. */
    static String runOnce(LoadedProgram p, byte[] packet) {
        try {
            TestRunResult r = p.testRun().data(packet).dataOutCapacity(OUT_CAPACITY).run();
            return "retval=" + r.retval() + " out=" + HexFormat.of().formatHex(r.data());
        } catch (BpfException e) {
            return "retval=" + (-1000 - e.errno()) + " out=";
        }
    }

    static long timed(LoadedProgram p, byte[] packet, int repeat) {
        try {
            return p.testRun().data(packet).repeat(repeat).run().durationNs();
        } catch (BpfException e) {
            return 0;
        }
    }

    static String typeName(int type) {
        return type >= 0 && type < PROG_TYPE_NAMES.size() ? PROG_TYPE_NAMES.get(type) : "unknown";
    }

    /** The same initial contents bpfmeasure gives maps of these names (ignoring case and '_'). */
    private static void seedMaps(LoadedObject o) {
        for (KernelMap m : o.maps()) {
            String n = m.name().replace("_", "").toLowerCase();
            if (n.equals("blocked")) {
                seed(m, new byte[] {(byte) 0xc0, (byte) 0xa8, 0x01, 0x64}, new byte[8]);
            } else if (n.equals("deniedports")) {
                seed(m, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(22).array(), new byte[] {1});
            }
        }
    }

    /** Like bpf_map__update_elem: skipped when the sizes do not match the map. */
    private static void seed(KernelMap m, byte[] key, byte[] value) {
        if (m.keySize() == key.length && m.valueBufferSize() == value.length) m.update(key, value, 0L);
    }
}
