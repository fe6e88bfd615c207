package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.runtime.GlobalData;
import org.bpf4j.runtime.map.KernelMap;
import org.bpf4j.runtime.probe.FeatureProbes;
import org.bpf4j.samples.tracing.BindSnoop;
import org.bpf4j.samples.tracing.BindSnoopSkeleton;
import org.bpf4j.samples.tracing.BindSnoopTool;
import org.bpf4j.samples.tracing.CpuDist;
import org.bpf4j.samples.tracing.CpuDistTool;
import org.bpf4j.samples.tracing.ExecSnoop;
import org.bpf4j.samples.tracing.ExecSnoopSkeleton;
import org.bpf4j.samples.tracing.ExecSnoopTool;
import org.bpf4j.samples.tracing.ExitSnoop;
import org.bpf4j.samples.tracing.ExitSnoopSkeleton;
import org.bpf4j.samples.tracing.ExitSnoopTool;
import org.bpf4j.samples.tracing.HardIrqsTool;
import org.bpf4j.samples.tracing.IrqTotals;
import org.bpf4j.samples.tracing.MountSnoop;
import org.bpf4j.samples.tracing.MountSnoopSkeleton;
import org.bpf4j.samples.tracing.MountSnoopTool;
import org.bpf4j.samples.tracing.OomKill;
import org.bpf4j.samples.tracing.OomKillSkeleton;
import org.bpf4j.samples.tracing.OomKillTool;
import org.bpf4j.samples.tracing.OpenSnoop;
import org.bpf4j.samples.tracing.OpenSnoopSkeleton;
import org.bpf4j.samples.tracing.OpenSnoopTool;
import org.bpf4j.samples.tracing.RunqLat;
import org.bpf4j.samples.tracing.RunqLatTool;
import org.bpf4j.samples.tracing.SigSnoop;
import org.bpf4j.samples.tracing.SigSnoopSkeleton;
import org.bpf4j.samples.tracing.SigSnoopTool;
import org.bpf4j.samples.tracing.SoftIrqsTool;
import org.bpf4j.samples.tracing.StatSnoop;
import org.bpf4j.samples.tracing.StatSnoopSkeleton;
import org.bpf4j.samples.tracing.StatSnoopTool;
import org.bpf4j.samples.tracing.SysCountTool;
import org.bpf4j.samples.tracing.TcpConnect;
import org.bpf4j.samples.tracing.TcpConnectSkeleton;
import org.bpf4j.samples.tracing.TcpConnectTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each Java tool and its C twin, attached together, watch one workload of this JVM (children
 * that exec, files opened, children that exit, a child the OOM killer ends, sockets bound and
 * connected) and report the same events, field by field (the age of an exit aside: each side
 * reads the clock at its own instant). bindsnoop and tcpconnect are fexit programs: they run
 * where the kernel loads those (6.1 VM). The counting tools (softirqs under loopback traffic,
 * hardirqs under synced writes) count at most what their twin counts over its longer window,
 * and over the workload the workload's vector or line as often, give or take a quarter (the
 * two are read one after the other); syscount, filtered to one shell, counts the same calls by
 * number; the histogram tools (runqlat, cpudist), filtered to one process, count the same histogram.
 */
@KernelTest
class CTwinsKernelTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final long HISTOGRAM_MS = 2000;

    @Test
    void execsnoopAndItsTwinSeeTheSameExecs(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path notExecutable = Files.writeString(tmp.resolve("not-executable"), "#!/bin/true\n");
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<ExecSnoop.Exec, String> line = e -> String.join(" ", "" + e.pid, "" + e.ppid, "" + e.ret,
                cString(e.comm), cString(e.filename));
        try (ExecSnoopSkeleton codecs = ExecSnoopSkeleton.load();
                CTwin twin = new CTwin("execsnoop", tmp, codecs.events().codec(), e -> c.add(line.apply(e)),
                        "execsnoop_enter", "syscalls/sys_enter_execve", "execsnoop_exit", "syscalls/sys_exit_execve");
                ExecSnoopTool tool = ExecSnoopTool.attach(e -> java.add(e.pid() + " " + e.ppid() + " " + e.ret() + " "
                        + e.comm() + " " + e.filename()))) {
            Process child = new ProcessBuilder("/bin/true").start();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertThrows(IOException.class, () -> new ProcessBuilder(notExecutable.toString()).start());
            Predicate<String> ours = s -> s.split(" ")[1].equals(Integer.toString(self));
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.endsWith(notExecutable.toString()));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void opensnoopAndItsTwinSeeTheSameOpens(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path file = Files.writeString(tmp.resolve("opened"), "x");
        Path missing = tmp.resolve("missing");
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<OpenSnoop.Open, String> line = o -> String.join(" ", "" + o.pid, "" + o.flags, "" + o.ret, cString(o.comm),
                cString(o.filename));
        try (OpenSnoopSkeleton codecs = OpenSnoopSkeleton.load();
                CTwin twin = new CTwin("opensnoop", tmp, codecs.events().codec(), o -> c.add(line.apply(o)),
                        "opensnoop_enter", "syscalls/sys_enter_openat", "opensnoop_exit", "syscalls/sys_exit_openat");
                OpenSnoopTool tool = OpenSnoopTool.attach(0, o -> java.add(o.pid() + " " + o.flags() + " " + o.ret() + " "
                        + o.comm() + " " + o.path()))) {
            Files.readString(file);
            assertThrows(NoSuchFileException.class, () -> Files.readString(missing));
            Predicate<String> ours = s -> s.startsWith(self + " ") && s.contains(" " + tmp);
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.endsWith(missing.toString()));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void statsnoopAndItsTwinSeeTheSameStats(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        Path file = Files.writeString(tmp.resolve("present"), "x");
        Path missing = tmp.resolve("missing");
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<StatSnoop.Stat, String> line = s -> String.join(" ", "" + s.pid, "" + s.ret, cString(s.comm), cString(s.pathname));
        try (StatSnoopSkeleton codecs = StatSnoopSkeleton.load();
                CTwin twin = new CTwin("statsnoop", tmp, codecs.events().codec(), s -> c.add(line.apply(s)),
                        "fstatat_enter", "syscalls/sys_enter_newfstatat", "fstatat_exit", "syscalls/sys_exit_newfstatat",
                        "statx_enter", "syscalls/sys_enter_statx", "statx_exit", "syscalls/sys_exit_statx");
                StatSnoopTool tool = StatSnoopTool.attach(0, s -> java.add(s.pid() + " " + s.ret() + " " + s.comm() + " " + s.path()))) {
            Files.readAttributes(file, BasicFileAttributes.class);
            assertThrows(NoSuchFileException.class, () -> Files.readAttributes(missing, BasicFileAttributes.class));
            Predicate<String> ours = s -> s.startsWith(self + " ") && s.contains(" " + tmp);
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.endsWith(missing.toString()));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void exitsnoopAndItsTwinSeeTheSameExits(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<ExitSnoop.Exit, String> line = e -> e.pid + " " + e.ppid + " " + e.exitCode + " " + cString(e.comm);
        try (ExitSnoopSkeleton codecs = ExitSnoopSkeleton.load();
                CTwin twin = new CTwin("exitsnoop", tmp, codecs.events().codec(), e -> c.add(line.apply(e)),
                        "exitsnoop", "sched/sched_process_exit");
                ExitSnoopTool tool = ExitSnoopTool.attach(e -> java.add(e.pid() + " " + e.ppid() + " " + e.exitCode() + " "
                        + e.comm()))) {
            Process exited = new ProcessBuilder("/bin/sh", "-c", "exit 3").start();
            assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
            Process killed = new ProcessBuilder("/bin/sleep", "30").start();
            killed.destroyForcibly();
            assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
            Predicate<String> ours = s -> s.split(" ")[1].equals(Integer.toString(self));
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.startsWith(killed.pid() + " "));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void sigsnoopAndItsTwinSeeTheSameSignals(@TempDir Path tmp) throws Exception {
        int self = (int) ProcessHandle.current().pid();
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<SigSnoop.Signal, String> line = s -> s.pid + " " + s.targetPid + " " + s.sig + " " + s.result + " "
                + cString(s.comm);
        try (SigSnoopSkeleton codecs = SigSnoopSkeleton.load();
                CTwin twin = new CTwin("sigsnoop", tmp, codecs.events().codec(), s -> c.add(line.apply(s)),
                        "sigsnoop", "signal/signal_generate");
                SigSnoopTool tool = SigSnoopTool.attach(0, s -> java.add(s.pid() + " " + s.targetPid() + " " + s.sig() + " "
                        + s.result() + " " + s.comm()))) {
            Process terminated = new ProcessBuilder("/bin/sleep", "30").start();
            Process killed = new ProcessBuilder("/bin/sleep", "30").start();
            terminated.destroy();
            killed.destroyForcibly();
            assertTrue(terminated.waitFor(10, TimeUnit.SECONDS) && killed.waitFor(10, TimeUnit.SECONDS));
            Predicate<String> ours = s -> s.startsWith(self + " ");
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.startsWith(self + " " + killed.pid() + " "));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void mountsnoopAndItsTwinSeeTheSameMounts(@TempDir Path tmp) throws Exception {
        String unshare = Prerequisites.requireTool("unshare").toString();
        String source = "bpf4j-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = Files.createDirectory(tmp.resolve("target"));
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<MountSnoop.Mount, String> line = m -> String.join(" ", cString(m.source), cString(m.target),
                cString(m.fstype), "" + m.flags, "" + m.ret, "" + m.pid, "" + m.tid, cString(m.comm));
        try (MountSnoopSkeleton codecs = MountSnoopSkeleton.load();
                CTwin twin = new CTwin("mountsnoop", tmp, codecs.events().codec(), m -> c.add(line.apply(m)),
                        "mountsnoop_enter", "syscalls/sys_enter_mount", "mountsnoop_exit", "syscalls/sys_exit_mount");
                MountSnoopTool tool = MountSnoopTool.attach(m -> java.add(String.join(" ", m.source(), m.target(), m.fstype(),
                        "" + m.flags(), "" + m.ret(), "" + m.pid(), "" + m.tid(), m.comm())))) {
            for (String type : List.of("tmpfs", "bpf4jfs")) {
                Process p = new ProcessBuilder(unshare, "-m", "mount", "-t", type, source + "-" + type, target.toString()).start();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
            Predicate<String> ours = s -> s.startsWith(source + "-");
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.startsWith(source + "-bpf4jfs "));
            assertSameEvents(java, c, ours, 2);
        }
    }

    @Test
    void bindsnoopAndItsTwinSeeTheSameBinds(@TempDir Path tmp) throws Exception {
        requireFexit();
        int self = (int) ProcessHandle.current().pid();
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<BindSnoop.Bind, String> line = b -> String.join(" ", "" + b.pid, "" + b.ret, "" + b.protocol, "" + b.port,
                address(b.ipVersion, b.addr), cString(b.comm));
        try (BindSnoopSkeleton codecs = BindSnoopSkeleton.load();
                CTwin twin = new CTwin("bindsnoop", tmp, codecs.events().codec(), b -> c.add(line.apply(b)),
                        "bindsnoop_v4", "inet_bind", "bindsnoop_v6", "inet6_bind");
                BindSnoopTool tool = BindSnoopTool.attach(0, b -> java.add(String.join(" ", "" + b.pid(), "" + b.ret(),
                        "" + b.protocol(), "" + b.port(), address(b.address()), b.comm())));
                ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                ServerSocketChannel taken = ServerSocketChannel.open(StandardProtocolFamily.INET);
                DatagramChannel udp6 = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            tcp.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            assertThrows(BindException.class, () -> taken.bind(new InetSocketAddress("127.0.0.1", port)));
            udp6.bind(new InetSocketAddress("::1", port));
            Predicate<String> ours = s -> s.startsWith(self + " ");
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.startsWith(self + " 0 17 " + port + " "));
            assertSameEvents(java, c, ours, 3);
        }
    }

    @Test
    void tcpconnectAndItsTwinSeeTheSameConnects(@TempDir Path tmp) throws Exception {
        requireFexit();
        int self = (int) ProcessHandle.current().pid();
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<TcpConnect.Connect, String> line = k -> String.join(" ", "" + k.pid, "" + k.ipVersion,
                address(k.ipVersion, k.daddr), "" + k.dport, cString(k.comm));
        try (TcpConnectSkeleton codecs = TcpConnectSkeleton.load();
                CTwin twin = new CTwin("tcpconnect", tmp, codecs.events().codec(), k -> c.add(line.apply(k)),
                        "tcpconnect_v4", "tcp_v4_connect", "tcpconnect_v6", "tcp_v6_connect");
                TcpConnectTool tool = TcpConnectTool.attach(0, k -> java.add(String.join(" ", "" + k.pid(), "" + k.ipVersion(),
                        address(k.daddr()), "" + k.dport(), k.comm())));
                ServerSocketChannel server4 = ServerSocketChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress("127.0.0.1", 0));
                ServerSocketChannel server6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress("::1", 0));
                SocketChannel client4 = SocketChannel.open(StandardProtocolFamily.INET);
                SocketChannel client6 = SocketChannel.open(StandardProtocolFamily.INET6)) {
            assertTrue(client4.connect(server4.getLocalAddress()));
            assertTrue(client6.connect(server6.getLocalAddress()));
            Predicate<String> ours = s -> s.startsWith(self + " ");
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, s -> s.startsWith(self + " 6 "));
            assertSameEvents(java, c, ours, 2);
        }
    }

    private static void requireFexit() {
        Prerequisites.requireKernelSupport("fentry/fexit programs (tracing loads refused)",
                FeatureProbes.programType(ProgramType.FEXIT.kernelProgType()));
    }

    /** An address in Java's text form, from a record's bytes: 4 of them for IPv4, 16 for IPv6. */
    private static String address(int ipVersion, byte[] addr) {
        try {
            return InetAddress.getByAddress(Arrays.copyOf(addr, ipVersion == 4 ? 4 : 16)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An address in Java's text form, from a tool's (inet_ntop's) text. */
    private static String address(String text) {
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void oomkillAndItsTwinSeeTheSameKill(@TempDir Path tmp) throws Exception {
        List<String> java = new CopyOnWriteArrayList<>(), c = new CopyOnWriteArrayList<>();
        Function<OomKill.Kill, String> line = k -> k.triggerPid + " " + cString(k.triggerComm) + " " + k.victimPid + " "
                + cString(k.victimComm) + " " + k.pages;
        try (MemoryCgroup cgroup = MemoryCgroup.create(32 << 20);
                OomKillSkeleton codecs = OomKillSkeleton.load();
                CTwin twin = new CTwin("oomkill", tmp, codecs.events().codec(), k -> c.add(line.apply(k)), "oomkill", "mark_victim");
                OomKillTool tool = OomKillTool.attach(k -> java.add(k.triggerPid() + " " + k.triggerComm() + " " + k.victimPid()
                        + " " + k.victimComm() + " " + k.pages()))) {
            Process child = cgroup.start("tail", "/dev/zero");
            try {
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the OOM killer ended the child");
            } finally {
                child.destroyForcibly().waitFor();
            }
            Predicate<String> ours = s -> s.split(" ")[2].equals(Long.toString(child.pid()));
            await(() -> tool.poll(Duration.ofMillis(100)), twin, java, c, ours);
            assertSameEvents(java, c, ours, 1);
        }
    }

    @Test
    void runqlatAndItsTwinCountTheSameWaits(@TempDir Path tmp) throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            int pid = (int) work.hogs(3).get(0).pid();
            try (CTwin twin = new CTwin("runqlat", tmp, f -> f.rodata().setInt("target_pid", pid),
                        "runqlat_wakeup", "sched_wakeup", "runqlat_wakeup_new", "sched_wakeup_new", "runqlat_switch", "sched_switch");
                    RunqLatTool tool = RunqLatTool.attach(pid, false)) {
                tool.take();
                take(twin, RunqLat.SLOTS); // both count from here: the twin was attached first
                Thread.sleep(HISTOGRAM_MS);
                assertSameHistogram(tool.take(), take(twin, RunqLat.SLOTS));
            }
        }
    }

    @Test
    void syscountAndItsTwinCountTheSameCalls(@TempDir Path tmp) throws Exception {
        // a shell blocked in read(2) until both sides are attached, then its kill(2) loop and exit
        Process child = new ProcessBuilder("/bin/sh", "-c", "read go; i=0; while [ $i -lt 50 ]; do kill -0 $$; i=$((i+1)); done").start();
        int pid = (int) child.pid();
        try (CTwin twin = new CTwin("syscount", tmp, f -> f.rodata().setInt("target_pid", pid), "syscount", "sys_enter");
                SysCountTool tool = SysCountTool.attach(pid)) {
            try (OutputStream in = child.getOutputStream()) {
                in.write('\n');
            }
            assertTrue(child.waitFor(10, TimeUnit.SECONDS) && child.exitValue() == 0, "the shell finished");
            Map<Integer, Long> c = counts(twin.object().map("counts"));
            assertTrue(c.values().stream().mapToLong(Long::longValue).sum() >= 50, "the twin counted the kill loop: " + c);
            assertEquals(c, new TreeMap<>(tool.counts()), "calls by number: the twin's, then the tool's");
        } finally {
            child.destroyForcibly();
        }
    }

    /** A hash map of int keys and long values, as it stands. */
    private static Map<Integer, Long> counts(KernelMap map) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (byte[] key = map.nextKey(null); key != null; key = map.nextKey(key)) {
            byte[] value = map.lookup(key);
            if (value != null) {
                counts.put(ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(), ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong());
            }
        }
        return counts;
    }

    @Test
    void softirqsAndItsTwinCountTheSameRuns(@TempDir Path tmp) throws Exception {
        try (CTwin twin = new CTwin("softirqs", tmp, "softirq_entry", "softirq_entry", "softirq_exit", "softirq_exit");
                SoftIrqsTool tool = SoftIrqsTool.attach()) {
            GlobalData bss = twin.object().globals(".bss");
            Map<String, long[]> before = runs(tool.totals(), bss);
            SoftIrqsToolKernelTest.sendOverLoopback(16 << 20);
            Map<String, long[]> after = runs(tool.totals(), bss);
            after.forEach((vector, runs) -> assertTrue(runs[0] <= runs[1], vector + ": the tool counted " + runs[0]
                    + ", the twin, which counts first and is read last, " + runs[1]));
            long java = after.get("net_rx")[0] - before.get("net_rx")[0], c = after.get("net_rx")[1] - before.get("net_rx")[1];
            assertTrue(java > 0 && Math.abs(java - c) <= java / 4, "net_rx over the workload: the tool " + java + ", the twin " + c);
        }
    }

    /** Each vector's runs, the tool's and then the twin's. */
    private static Map<String, long[]> runs(Map<String, IrqTotals> java, GlobalData bss) {
        Map<String, long[]> runs = new LinkedHashMap<>();
        for (int vec = 0; vec < SoftIrqsTool.NAMES.size(); vec++) {
            String name = SoftIrqsTool.NAMES.get(vec);
            runs.put(name, new long[] {java.get(name).count(), bss.getLong(bss.offset("counts") + 8 * vec)});
        }
        return runs;
    }

    @Test
    void hardirqsAndItsTwinCountTheSameRuns(@TempDir Path tmp) throws Exception {
        try (CTwin twin = new CTwin("hardirqs", tmp, "irq_entry", "irq_handler_entry", "irq_exit", "irq_handler_exit");
                HardIrqsTool tool = HardIrqsTool.attach()) {
            KernelMap totals = twin.object().map("totals");
            Map<Integer, long[]> before = runs(tool.totals(), totals);
            Map<Integer, Long> procBefore = HardIrqsToolKernelTest.procInterrupts();
            HardIrqsToolKernelTest.syncedWrites();
            Map<Integer, Long> procAfter = HardIrqsToolKernelTest.procInterrupts();
            Map<Integer, long[]> after = runs(tool.totals(), totals);
            after.forEach((irq, runs) -> assertTrue(runs[0] <= runs[1], "line " + irq + ": the tool counted " + runs[0]
                    + ", the twin, which counts first and is read last, " + runs[1]));
            int device = procAfter.keySet().stream().max(Comparator.comparingLong(
                    irq -> procAfter.get(irq) - procBefore.getOrDefault(irq, 0L))).orElseThrow();
            long[] none = {0, 0}, from = before.getOrDefault(device, none), to = after.getOrDefault(device, none);
            long java = to[0] - from[0], c = to[1] - from[1];
            assertTrue(java > 0 && Math.abs(java - c) <= java / 4, "line " + device + " over the workload: the tool " + java
                    + ", the twin " + c);
        }
    }

    /** The runs of each line the tool saw, the tool's and then the twin's. */
    private static Map<Integer, long[]> runs(Map<Integer, IrqTotals> java, KernelMap totals) {
        Map<Integer, long[]> runs = new TreeMap<>();
        java.forEach((irq, t) -> {
            byte[] value = totals.lookup(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(irq).array());
            runs.put(irq, new long[] {t.count(), value == null ? 0 : ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong(0)});
        });
        return runs;
    }

    @Test
    void cpudistAndItsTwinCountTheSameTimes(@TempDir Path tmp) throws Exception {
        try (SchedWorkload work = new SchedWorkload()) {
            Process bursts = work.perl("for (;;) { my $end = time + 0.02; 1 while time < $end; sleep 0.02 }");
            int pid = (int) bursts.pid();
            try (CTwin twin = new CTwin("cpudist", tmp, f -> f.rodata().setInt("target_pid", pid),
                        "cpudist_switch", "sched_switch");
                    CpuDistTool tool = CpuDistTool.attach(pid, false, false)) {
                tool.take();
                take(twin, CpuDist.SLOTS); // both count from here: the twin was attached first
                Thread.sleep(HISTOGRAM_MS);
                assertSameHistogram(tool.take(), take(twin, CpuDist.SLOTS));
            }
        }
    }

    /** The twin's histogram, its global {@code slots}, which starts again from zero. */
    private static long[] take(CTwin twin, int n) {
        GlobalData bss = twin.object().globals(".bss");
        long[] slots = new long[n];
        for (int i = 0; i < n; i++) {
            slots[i] = bss.getLong(bss.offset("slots") + 8 * i);
            bss.setLong(bss.offset("slots") + 8 * i, 0);
        }
        return slots;
    }

    /**
     * Both sides counted the workload's events alike: each side reads the clock at its own instant
     * and was read at its own, so a count may sit in the next slot or miss at the window's ends.
     */
    private static void assertSameHistogram(long[] java, long[] c) {
        String both = "Java " + Arrays.toString(java) + ", C " + Arrays.toString(c);
        long total = Arrays.stream(java).sum();
        // tens of times in 2 s on 6.1 under emulation (the VM), hundreds here
        assertTrue(total >= 10, "the Java tool counted the workload: " + both);
        long apart = 0;
        for (int i = 0; i < java.length; i++) {
            apart += Math.abs(java[i] - c[i]);
        }
        assertTrue(apart <= 4 + total / 20, both);
    }

    /** Polls both sides until each has an event {@code last} names (the workload's last). */
    private static void await(Runnable pollJava, CTwin twin, List<String> java, List<String> c, Predicate<String> last) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && !(java.stream().anyMatch(last) && c.stream().anyMatch(last))) {
            pollJava.run();
            twin.drain();
        }
    }

    private static void assertSameEvents(List<String> java, List<String> c, Predicate<String> ours, int atLeast) {
        List<String> j = java.stream().filter(ours).sorted().toList(), k = c.stream().filter(ours).sorted().toList();
        assertFalse(j.size() < atLeast, "the Java tool saw " + j);
        assertEquals(k, j, "the C twin's events and the Java tool's");
    }

    private static String cString(byte[] chars) {
        int n = 0;
        while (n < chars.length && chars[n] != 0) n++;
        return new String(chars, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
