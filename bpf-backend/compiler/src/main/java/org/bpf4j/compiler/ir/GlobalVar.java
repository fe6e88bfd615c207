package org.bpf4j.compiler.ir;

import java.util.Objects;

/**
 * A global variable in {@code .data}, {@code .bss} or {@code .rodata} (or {@code .data.*} /
 * {@code .rodata.*}); code reaches it through {@link Op#GLOBAL_ADDR}.
 *
 * @param initial initial bytes ({@code type.size()} of them), or null for zeros
 */
public record GlobalVar(String name, String section, DataType type, byte[] initial) {
    public GlobalVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        if (!(section.equals(".bss") || section.equals(".data") || section.equals(".rodata")
                || section.startsWith(".data.") || section.startsWith(".rodata."))) {
            throw new IllegalArgumentException("global " + name + ": section " + section + " is not .data, .bss or .rodata");
        }
        if (initial != null && initial.length != type.size()) {
            throw new IllegalArgumentException("global " + name + ": " + initial.length + " initial bytes for a " + type.size() + "-byte type");
        }
        if (section.equals(".bss") && initial != null) {
            for (byte b : initial) {
                if (b != 0) throw new IllegalArgumentException("global " + name + " in .bss must be zero-initialised");
            }
        }
        initial = initial == null ? null : initial.clone();
    }

    @Override
    public byte[] initial() { return initial == null ? new byte[type.size()] : initial.clone(); }
}
