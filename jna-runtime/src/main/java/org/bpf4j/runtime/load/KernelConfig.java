package org.bpf4j.runtime.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.bpf4j.runtime.BpfException;

/**
 * The running kernel's build configuration and version, where libbpf finds them:
 * {@code /proc/config.gz}, else {@code /boot/config-<release>}; the version from
 * {@code /proc/version_signature} (Ubuntu) or the release ({@code uname -r}). Read once.
 */
final class KernelConfig {
    private static final Path PROC_CONFIG = Path.of("/proc/config.gz");
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Path VERSION_SIGNATURE = Path.of("/proc/version_signature");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private static volatile KernelConfig running;

    private final Map<String, String> values;
    private final String source;

    private KernelConfig(Map<String, String> values, String source) {
        this.values = values;
        this.source = source;
    }

    /** The running kernel's configuration, read on first use. */
    static KernelConfig running() {
        KernelConfig c = running;
        if (c == null) {
            synchronized (KernelConfig.class) {
                if (running == null) running = read();
                c = running;
            }
        }
        return c;
    }

    private static KernelConfig read() {
        Path boot = Path.of("/boot/config-" + release());
        try {
            if (Files.isReadable(PROC_CONFIG)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(PROC_CONFIG))) {
                    return new KernelConfig(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), PROC_CONFIG.toString());
                }
            }
            if (Files.isReadable(boot)) return new KernelConfig(parse(Files.readString(boot)), boot.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel configuration", e);
        }
        return new KernelConfig(Map.of(), null);
    }

    /** {@code CONFIG_X=value} lines; "is not set" comments and other lines are skipped, as libbpf does. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("CONFIG_") || eq < 0) continue;
            values.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        return values;
    }

    /** The raw value of {@code name} ({@code y}, {@code m}, a number or a quoted string), if set. */
    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Where the configuration came from, or null when neither file exists. */
    String source() {
        return source;
    }

    /** {@code KERNEL_VERSION(a, b, c)} of the running kernel, the patch level capped at 255 as in libbpf. */
    static int version() {
        String text;
        try {
            text = Files.isReadable(VERSION_SIGNATURE) ? lastWord(Files.readString(VERSION_SIGNATURE)) : release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_SIGNATURE, e);
        }
        return encodeVersion(text);
    }

    static int encodeVersion(String release) {
        Matcher m = VERSION.matcher(release);
        if (!m.lookingAt()) throw new BpfException("cannot read a kernel version from '" + release + "'");
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Integer.parseInt(m.group(1)) << 16 | Integer.parseInt(m.group(2)) << 8 | Math.min(patch, 255);
    }

    private static String lastWord(String text) {
        String[] words = text.strip().split("\\s+");
        return words[words.length - 1];
    }

    static String release() {
        try {
            return Files.readString(OSRELEASE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OSRELEASE, e);
        }
    }
}
