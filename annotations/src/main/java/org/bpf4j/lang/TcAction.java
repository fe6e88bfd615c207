package org.bpf4j.lang;

/** Return codes of tc (direct-action) programs ({@code TC_ACT_*}). */
public final class TcAction {
    /** Use the classid given in the context ({@code TC_ACT_UNSPEC}, the default action). */
    public static final int UNSPEC = -1;
    /** Let the packet through. */
    public static final int OK = 0;
    /** Reclassify. */
    public static final int RECLASSIFY = 1;
    /** Drop the packet. */
    public static final int SHOT = 2;
    /** Pass to the next program in the chain. */
    public static final int PIPE = 3;
    /** Consumed by the program (stolen). */
    public static final int STOLEN = 4;
    /** Queued. */
    public static final int QUEUED = 5;
    /** Repeat. */
    public static final int REPEAT = 6;
    /** Redirect as set by {@code Bpf.redirect}. */
    public static final int REDIRECT = 7;

    private TcAction() {
    }
}
