package org.bpf4j.lang;

/** Return codes of sockmap programs (sk_msg, sk_skb): {@code enum sk_action}. */
public final class SkAction {
    /** Drop. */
    public static final int DROP = 0;
    /** Pass. */
    public static final int PASS = 1;

    private SkAction() {
    }
}
