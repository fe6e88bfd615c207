package org.bpf4j.lang;

/** Return codes of XDP programs ({@code enum xdp_action}); {@code import static} them. */
public final class XdpAction {
    /** Error: drop and raise the {@code xdp_exception} tracepoint. */
    public static final int ABORTED = 0;
    /** Drop the packet. */
    public static final int DROP = 1;
    /** Pass it to the network stack. */
    public static final int PASS = 2;
    /** Send it back out of the interface it came in on. */
    public static final int TX = 3;
    /** Redirect it as set by {@code Bpf.redirect} or {@code Bpf.redirectMap}. */
    public static final int REDIRECT = 4;

    private XdpAction() {
    }
}
