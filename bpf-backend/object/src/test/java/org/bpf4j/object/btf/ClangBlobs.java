package org.bpf4j.object.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The clang-built {@code .BTF}/{@code .BTF.ext} sections under {@code src/test/resources/btf} (see regenerate.sh). */
final class ClangBlobs {
    static final List<String> NAMES = List.of("btf_kinds", "core_relos", "sock_connect4_redirect", "tc_port_filter",
            "tp_exec_events", "xdp_blocklist", "xdp_ipv4_csum", "xdp_pass", "xdp_proto_count", "xdp_udp_echo");

    private ClangBlobs() {
    }

    static byte[] btf(String name) {
        return resource(name + ".btf");
    }

    static byte[] ext(String name) {
        return resource(name + ".btf.ext");
    }

    static byte[] resource(String file) {
        try (InputStream in = ClangBlobs.class.getResourceAsStream("/btf/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource btf/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
