package org.bpf4j.it.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bpf4j.it.tracing.EmbeddedReads.Connection;
import org.bpf4j.it.tracing.EmbeddedReads.MountNs;
import org.bpf4j.junit.KernelTest;
import org.bpf4j.junit.Prerequisites;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.KernelBtf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddedReads} reads members of structs the kernel embeds by value: the loopback
 * connection this test makes, from {@code sk->__sk_common} in {@code tp_btf} (direct loads),
 * and the mount namespace of a child in a new one, from {@code task->nsproxy->mnt_ns->ns.inum}
 * (probe reads) — each member one relocated access. libbpf relocates the same object to the same
 * translated code as our loader.
 */
@KernelTest
class EmbeddedReadsKernelTest {
    private static final Pattern MNT_NS = Pattern.compile("mnt:\\[(\\d+)\\]");

    @Test
    void readsTheAddressesAndPortsOfALoopbackConnectionFromSockCommon() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        // IPv4 sockets: Java's default dual-stack sockets are AF_INET6 even to 127.0.0.1
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(loopback);
             EmbeddedReadsSkeleton skeleton = EmbeddedReadsSkeleton.open().port(port(server.getLocalAddress())).load().attach();
             SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
             SocketChannel accepted = connect(client, server)) {
            int serverPort = port(server.getLocalAddress());
            int clientPort = port(client.getLocalAddress());
            Connection c = skeleton.connections().get(clientPort);
            assertNotNull(c, "tp_btf/inet_sock_set_state saw the connect from local port " + clientPort);
            assertEquals(0x0100007f, c.daddr, "skc_daddr: 127.0.0.1 in network order");
            assertEquals(0x0100007f, c.saddr, "skc_rcv_saddr");
            assertEquals(Character.reverseBytes((char) serverPort), c.dport, "skc_dport in network order");
            assertEquals(2, c.family, "skc_family AF_INET");
            long sockCommon = KernelBtf.vmlinux().btf().sizeOf(KernelBtf.vmlinux().findType("sock_common", BtfKind.STRUCT).getAsInt());
            assertEquals(sockCommon, c.commonSize, "sizeof(sk->__sk_common) on this kernel");
        }
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel server) throws IOException {
        client.connect(server.getLocalAddress());
        return server.accept();
    }

    private static int port(SocketAddress address) {
        return ((InetSocketAddress) address).getPort();
    }

    @Test
    void readsTheMountNamespaceOfAChildThroughNsCommon() throws Exception {
        String unshare = Prerequisites.requireTool("unshare").toString();
        int self = (int) ProcessHandle.current().pid();
        try (EmbeddedReadsSkeleton skeleton = EmbeddedReadsSkeleton.open().parent(self).load().attach()) {
            Process child = new ProcessBuilder(unshare, "--mount", "readlink", "/proc/self/ns/mnt").start();
            String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(child.waitFor(10, TimeUnit.SECONDS) && child.exitValue() == 0, "unshare --mount readlink: " + printed);
            Matcher own = MNT_NS.matcher(printed);
            assertTrue(own.find(), printed);
            Matcher ours = MNT_NS.matcher(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString());
            assertTrue(ours.find());
            assertNotEquals(ours.group(1), own.group(1), "the child runs in a mount namespace of its own");

            MountNs m = skeleton.mounts().get((int) child.pid());
            assertNotNull(m, "the exec tracepoint saw child " + child.pid());
            assertEquals(Long.parseLong(own.group(1)), Integer.toUnsignedLong(m.inum), "mnt_ns->ns.inum of readlink, the last exec");
            assertEquals(4, m.inumSize, "sizeof(ns.inum)");
            assertEquals(1, m.nsExists, "mnt_namespace has ns");
        }
    }

    @Test
    void libbpfAppliesTheRelocationsThroughEmbeddedMembersAsOurLoaderDoes(@TempDir Path tmp) throws Exception {
        try (EmbeddedReadsSkeleton ours = EmbeddedReadsSkeleton.load()) {
            var dumps = ToolObjects.sameTranslatedCode(EmbeddedReadsSkeleton.class, EmbeddedReadsSkeleton.RESOURCE, ours,
                    p -> (p.equals("connected") ? ours.connected() : ours.exec()).info().id(), List.of("connected", "exec"), tmp);
            assertFalse(dumps.get("connected").contains("call bpf_probe_read_kernel"), dumps.get("connected"));
            assertTrue(dumps.get("exec").contains("call bpf_probe_read_kernel"), dumps.get("exec"));
        }
    }
}
