package org.bpf4j.object.elf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The clang-built objects under {@code src/test/resources/elf} (see regenerate.sh there). */
final class TestObjects {
    static final List<String> REFERENCES = List.of("sock_connect4_redirect", "tc_port_filter", "tp_exec_events",
            "xdp_blocklist", "xdp_ipv4_csum", "xdp_pass", "xdp_proto_count", "xdp_udp_echo");
    static final String FEATURES = "features";
    static final String LEGACY_MAPS = "legacy_maps";
    static final String MAP_INIT = "map_init";
    static final List<String> ALL = List.of("sock_connect4_redirect", "tc_port_filter", "tp_exec_events",
            "xdp_blocklist", "xdp_ipv4_csum", "xdp_pass", "xdp_proto_count", "xdp_udp_echo", FEATURES, LEGACY_MAPS, MAP_INIT);

    private TestObjects() {}

    static byte[] bytes(String name) {
        String file = "/elf/" + name + ".bpf.o";
        try (InputStream in = TestObjects.class.getResourceAsStream(file)) {
            if (in == null) throw new IllegalStateException("missing test resource " + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
