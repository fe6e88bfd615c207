package org.bpf4j.compiler.ir;

import java.util.List;
import java.util.Objects;

/**
 * A kernel enum as a program declares it for CO-RE: its C name and the enumerators it uses, with
 * their positions as local values; the loader finds them by name in the kernel's BTF.
 */
public record KernelEnum(String name, List<String> enumerators) {
    public KernelEnum {
        Objects.requireNonNull(name, "name");
        enumerators = List.copyOf(enumerators);
    }
}
