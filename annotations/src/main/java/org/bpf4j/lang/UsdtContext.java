package org.bpf4j.lang;

import org.bpf4j.annotation.Intrinsic;
import org.bpf4j.annotation.IntrinsicOp;

/**
 * The context of USDT programs: the registers at a probe site ({@code struct pt_regs}), read
 * through the probe's arguments. One program serves every site of a probe, and each site keeps
 * the arguments elsewhere (a register here, the stack there, a constant); the compiler decodes
 * them from the site's spec, which the runtime writes when it attaches (docs/USDT.md).
 *
 * <pre>{@code
 * @BpfProgram(type = ProgramType.USDT, target = "libjvm.so:hotspot:gc__begin")
 * static int gcBegin(UsdtContext ctx) { long full = ctx.arg(0); ... }
 * }</pre>
 *
 * On the JVM the context holds the argument values and the cookie given to its constructor.
 */
public class UsdtContext implements BpfContext {
    /** The most arguments a USDT probe has ({@code <sys/sdt.h>}'s {@code STAP_PROBE12}). */
    public static final int MAX_ARGS = 12;

    private final long cookie;
    private final long[] args;

    /** A site passing these arguments, attached with {@code cookie}. */
    public UsdtContext(long cookie, long... args) {
        if (args.length > MAX_ARGS) {
            throw new IllegalArgumentException("a USDT probe has at most " + MAX_ARGS + " arguments, not " + args.length);
        }
        this.cookie = cookie;
        this.args = args.clone();
    }

    /** A site passing these arguments, attached with cookie 0. */
    public static UsdtContext of(long... args) {
        return new UsdtContext(0, args);
    }

    /** Argument {@code i} of the site, extended from its size as it is signed or not; 0 when the site has none. */
    @Intrinsic(IntrinsicOp.USDT_ARG)
    public long arg(int i) {
        return i >= 0 && i < args.length ? args[i] : 0;
    }

    /** How many arguments the site passes. */
    @Intrinsic(IntrinsicOp.USDT_ARG_COUNT)
    public int argCount() {
        return args.length;
    }

    /** The cookie the program was attached with. */
    @Intrinsic(IntrinsicOp.USDT_COOKIE)
    public long cookie() {
        return cookie;
    }
}
