package org.bpf4j.lang;

/**
 * Return values of socket filters: the number of bytes of the packet to keep; 0 drops it,
 * {@link #KEEP_ALL} (or any value at least the packet length) keeps all of it.
 */
public final class SocketFilter {
    /** Drop the packet. */
    public static final int DROP = 0;
    /** Keep the whole packet. */
    public static final int KEEP_ALL = -1;

    private SocketFilter() {
    }
}
