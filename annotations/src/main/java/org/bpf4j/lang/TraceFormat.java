package org.bpf4j.lang;

/**
 * The JVM rendering of {@code bpf_trace_printk} formats: {@code %d %i %u %x %c %p %%} with
 * optional {@code l}/{@code ll}; without a length modifier the argument is a 32-bit value, as
 * in the kernel. {@code %s} reads kernel memory and has no JVM equivalent.
 */
final class TraceFormat {
    private static final int MAX_ARGS = 3;

    private TraceFormat() {
    }

    static String format(String fmt, long... args) {
        if (args.length > MAX_ARGS) {
            throw new IllegalArgumentException("bpf_trace_printk takes at most 3 arguments, got " + args.length);
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i;
            i++;
            if (i < fmt.length() && fmt.charAt(i) == '%') {
                out.append('%');
                continue;
            }
            boolean wide = false;
            while (i < fmt.length() && fmt.charAt(i) == 'l') {
                wide = true;
                i++;
            }
            if (i >= fmt.length()) {
                throw new IllegalArgumentException("format '" + fmt + "' ends inside a conversion at " + start);
            }
            char conversion = fmt.charAt(i);
            if (conversion == 's') {
                throw new IllegalArgumentException("%s reads kernel memory: not available on the JVM");
            }
            if ("diuxXcp".indexOf(conversion) < 0) {
                throw new IllegalArgumentException("bpf_trace_printk does not support %" + conversion + " in '" + fmt
                        + "'");
            }
            if (used >= args.length) {
                throw new IllegalArgumentException("format '" + fmt + "' needs more than the " + args.length
                        + " arguments given");
            }
            out.append(render(conversion, wide || conversion == 'p', args[used++]));
        }
        if (used != args.length) {
            throw new IllegalArgumentException("format '" + fmt + "' uses " + used + " of " + args.length
                    + " arguments");
        }
        return out.toString();
    }

    private static String render(char conversion, boolean wide, long arg) {
        return switch (conversion) {
            case 'd', 'i' -> wide ? Long.toString(arg) : Integer.toString((int) arg);
            case 'u' -> wide ? Long.toUnsignedString(arg) : Integer.toUnsignedString((int) arg);
            case 'x' -> wide ? Long.toHexString(arg) : Integer.toHexString((int) arg);
            case 'X' -> (wide ? Long.toHexString(arg) : Integer.toHexString((int) arg)).toUpperCase(java.util.Locale.ROOT);
            case 'c' -> String.valueOf((char) (arg & 0xFF));
            default -> "0x" + Long.toHexString(arg);
        };
    }
}
