package org.bpf4j.samples.tracing;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bpf4j.samples.usdt.RecordTool;

/**
 * Prints every IPv4 and IPv6 {@code bind} of the machine or of one process, one line each, as
 * libbpf-tools' bindsnoop does: pid, command name, the return value, the protocol, the port and
 * the address asked for ({@link BindSnoop} has the programs; fexit, so kernels that load
 * fentry/fexit programs). bindsnoop's socket options and bound interface columns are not
 * printed.
 *
 * <p>Usage: {@code BindSnoopTool [-h] [-p PID] [-T] [-x] [seconds]} ({@code -T}: the time first,
 * {@code -x}: failed binds only) (default: every process, until killed). Needs root.
 */
public final class BindSnoopTool extends RecordTool {
    static final String HEADER = String.format("%-7s %-16s %-4s %-5s %-5s %s", "PID", "COMM", "RET", "PROTO", "PORT", "ADDR");
    static final int IPPROTO_TCP = 6, IPPROTO_UDP = 17;

    /** One bind as the tool reports it: {@code ret} is 0 or a negative errno, the address in text. */
    public record Bind(int pid, String comm, int ret, int protocol, int port, String address) {
        /** Whether the bind failed (what {@code -x} keeps). */
        public boolean failed() {
            return ret != 0;
        }

        @Override
        public String toString() {
            String proto = switch (protocol) {
                case IPPROTO_TCP -> "TCP";
                case IPPROTO_UDP -> "UDP";
                default -> Integer.toString(protocol);
            };
            return String.format("%-7d %-16s %-4d %-5s %-5d %s", pid, comm, ret, proto, port, address);
        }
    }

    private BindSnoopTool(BindSnoopSkeleton skeleton, Consumer<Bind> sink) {
        super(skeleton, skeleton.events().reader(b -> sink.accept(new Bind(b.pid, CStrings.of(b.comm), b.ret, b.protocol,
                b.port, InetAddresses.of(b.ipVersion, b.addr)))));
    }

    /**
     * Starts tracing the binds of process {@code pid}, or of every process when it is 0;
     * {@link #poll} hands them to {@code sink}.
     */
    public static BindSnoopTool attach(int pid, Consumer<Bind> sink) {
        return start(BindSnoopSkeleton.open().targetPid(pid).load(), s -> new BindSnoopTool(s, sink), BindSnoopSkeleton::attach);
    }

    static final List<ToolArguments.Option> OPTIONS = List.of(
            ToolArguments.Option.pid("the binds"),
            ToolArguments.Option.TIMESTAMPS,
            ToolArguments.Option.failedOnly("failed binds"));

    public static void main(String[] args) {
        ToolArguments arguments = ToolArguments.parseOrExit(args, "BindSnoopTool",
                "Prints every bind of an IPv4 or IPv6 socket on the machine or by one process: pid, command, return value, protocol, port, address.", OPTIONS);
        Instant end = arguments.end();
        try (BindSnoopTool tool = print(arguments, System.out::println)) {
            tool.pollWhile(() -> Instant.now().isBefore(end));
        }
    }

    /**
     * Starts the tool as the command line {@code args} asks ({@code [seconds]} aside), printing
     * the header and then a line per event to {@code out}.
     *
     * @throws IllegalArgumentException when the command line is wrong, saying what is
     */
    public static BindSnoopTool print(String[] args, Consumer<String> out) {
        return print(ToolArguments.parse(args, OPTIONS), out);
    }

    private static BindSnoopTool print(ToolArguments a, Consumer<String> out) {
        return attach(a.pid(), a.lines(HEADER, out, Bind::failed));
    }
}
