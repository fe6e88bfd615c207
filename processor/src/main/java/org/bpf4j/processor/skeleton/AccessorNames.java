package org.bpf4j.processor.skeleton;

import java.util.HashSet;
import java.util.Set;

/**
 * Names of the skeleton's accessors: the Java name of the program, map or global when it is
 * free, with the kind appended when it would clash with a skeleton method or another accessor
 * (a field and a method of the user's class may share a name).
 */
final class AccessorNames {
    private static final Set<String> RESERVED = Set.of(
            "load", "open", "attach", "close", "object", "links", "bss", "data", "rodata", "RESOURCE",
            "attached",
            "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait",
            "clone", "finalize");

    private final Set<String> taken = new HashSet<>(RESERVED);

    /** {@code name}, or {@code name + kind} ("blockedMap") when {@code name} is taken. */
    String allocate(String name, String kind) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + kind + (n == 2 ? "" : n);
        }
        return candidate;
    }
}
