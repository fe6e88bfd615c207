package org.bpf4j.object.usdt;

/**
 * USDT probes cannot be read from a file: it is missing, not ELF, has no {@code .note.stapsdt}
 * section, or a note or argument spec is malformed. The message names the file and, where one is
 * involved, the probe.
 */
public class UsdtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsdtException(String message) {
        super(message);
    }

    public UsdtException(String message, Throwable cause) {
        super(message, cause);
    }
}
