package org.bpf4j.compiler.ir;

import java.util.Objects;
import org.bpf4j.object.btf.CoreReloKind;

/**
 * What a CO-RE-relocated instruction stands for: {@code kind} of the member or type that
 * {@code accessString} names from the module's kernel struct or enum {@code type} (libbpf's
 * {@code bpf_core_relo}). The instruction carries the local value; the loader replaces it with
 * the kernel's.
 */
public record CoreAccess(String type, String accessString, CoreReloKind kind) {
    public CoreAccess {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accessString, "accessString");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() { return kind + " " + type + " " + accessString; }
}
