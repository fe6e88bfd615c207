package org.bpf4j.object.elf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A global data section: {@code .data}/{@code .data.*} (initialized, writable),
 * {@code .rodata}/{@code .rodata.*} (read-only once loaded) or {@code .bss}/{@code .bss.*}
 * (zero-filled, no bytes in the file). libbpf turns each into a single-entry array map.
 */
public final class DataSection {
    /** The kind of global data, decided by the section name as libbpf does. */
    public enum Kind {
        DATA(".data"), RODATA(".rodata"), BSS(".bss");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The kind a section name denotes, or null when it is not a global data section. */
        static Kind ofSectionName(String name) {
            for (Kind k : values()) {
                if (name.equals(k.prefix) || name.startsWith(k.prefix + ".")) return k;
            }
            return null;
        }
    }

    private final String name;
    private final Kind kind;
    private final int size;
    private final byte[] contents;
    private final List<DataVariable> variables;

    private DataSection(String name, int size, byte[] contents, List<DataVariable> variables) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Kind.ofSectionName(name);
        if (kind == null) {
            throw new IllegalArgumentException("'" + name + "' is not a global data section name (.data, .rodata, .bss or one of their .* forms)");
        }
        this.size = size;
        this.contents = contents;
        this.variables = List.copyOf(variables);
        for (DataVariable v : this.variables) {
            if ((long) v.offset() + v.size() > size) {
                throw new IllegalArgumentException("variable '" + v.name() + "' at " + v.offset() + "+" + v.size()
                        + " does not fit in section " + name + " of " + size + " bytes");
            }
        }
    }

    /** An initialized section ({@code .data*} or {@code .rodata*}) holding these bytes. */
    public static DataSection initialized(String name, byte[] contents, List<DataVariable> variables) {
        DataSection section = new DataSection(name, contents.length, contents.clone(), variables);
        if (section.kind == Kind.BSS) throw new IllegalArgumentException(name + " is zero-filled; use DataSection.zeroFilled");
        return section;
    }

    /** A zero-filled {@code .bss*} section of {@code size} bytes. */
    public static DataSection zeroFilled(String name, int size, List<DataVariable> variables) {
        if (size < 0) throw new IllegalArgumentException("negative size " + size + " of section " + name);
        DataSection section = new DataSection(name, size, null, variables);
        if (section.kind != Kind.BSS) throw new IllegalArgumentException(name + " is not a .bss section; use DataSection.initialized");
        return section;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public int size() {
        return size;
    }

    /** The initial bytes: the section's contents, or {@code size} zeros for {@code .bss}. */
    public byte[] contents() {
        return contents == null ? new byte[size] : contents.clone();
    }

    public boolean isZeroFilled() {
        return contents == null;
    }

    public boolean isReadOnly() {
        return kind == Kind.RODATA;
    }

    public List<DataVariable> variables() {
        return variables;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSection d && name.equals(d.name) && size == d.size
                && Arrays.equals(contents, d.contents) && variables.equals(d.variables);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, Arrays.hashCode(contents), variables);
    }

    @Override
    public String toString() {
        return "DataSection[" + name + ", " + size + " bytes, " + variables + "]";
    }
}
