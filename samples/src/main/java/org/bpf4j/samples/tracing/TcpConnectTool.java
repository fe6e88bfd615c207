package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every TCP connect the kernel starts (IPv4 and IPv6) on the machine or in one process,
 * one line each, as libbpf-tools' tcpconnect does: pid, command name, IP version, destination
 * address and port ({@link TcpConnect} has the programs; fexit, so kernels that load fentry/fexit
 * programs). The source address is not printed: the kernel keeps it in the socket's embedded
 * {@code sock_common}, a struct by value, which {@code @KernelStruct} cannot declare yet.
 *
 * <p>Usage: {@code TcpConnectTool [-h] [-p PID] [-T] [seconds]} ({@code -T}: the time first)
 * (default: every process, until killed). Needs root.
 */
public final class TcpConnectTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-16s %-2s %-39s %s", "PID", "COMM", "IP", "DADDR", "DPORT");

    /** One connect as the tool reports it, the address in text. */
    public record Connect(int pid, String comm, int ipVersion, String daddr, int dport) {
        @Override
        public String toString() {
            return String.format("%-7d %-16s %-2d %-39s %d", pid, comm, ipVersion, daddr, dport);
        }
    }

    private TcpConnectTool(TcpConnectSkeleton skeleton, Consumer<Connect> sink) {
        super(skeleton, skeleton.events().reader(c -> sink.accept(new Connect(c.pid, CStrings.of(c.comm), c.ipVersion,
                InetAddresses.of(c.ipVersion, c.daddr), c.dport))));
    }

    /**
     * Starts tracing the connects of process {@code pid}, or of every process when it is 0;
     * {@link #poll} hands them to {@code sink}.
     */
    public static TcpConnectTool attach(int pid, Consumer<Connect> sink) {
        return start(TcpConnectSkeleton.open().targetPid(pid).load(), s -> new TcpConnectTool(s, sink), TcpConnectSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the connects"),
            ToolArguments.Option.TIMESTAMPS);

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "TcpConnectTool",
                "Prints every TCP connect of the machine or of one process: pid, command, IP version, destination address and port.", OPTIONS);
        Instant end = arguments.end();
        try (TcpConnectTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static TcpConnectTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static TcpConnectTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.pid(), a.lines(HEADER, out));
    }
}
