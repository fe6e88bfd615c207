package org.bpf4j.lang;

/** A context that is an array of u64 argument slots; the JVM body holds the values. */
abstract class ArgsContext implements BpfContext {
    private final long[] args;

    ArgsContext(long[] args) {
        if (args == null) {
            throw new IllegalArgumentException("argument values are required (pass none for no arguments)");
        }
        this.args = args.clone();
    }

    final long slot(int n, String kind) {
        if (n < 0 || n >= args.length) {
            throw new IllegalArgumentException(kind + " argument " + n + " requested but " + args.length
                    + " were given");
        }
        return args[n];
    }
}
