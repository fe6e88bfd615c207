package org.bpf4j.runtime.attach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bpf4j.object.elf.Elf;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.elf.ElfSection;
import org.bpf4j.object.elf.ElfSymbol;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;

/** Finds where in an executable or shared library a function's code is: its file offset, which uprobes take. */
public final class UprobeTarget {
    private UprobeTarget() {}

    /**
     * The file offset of function {@code symbol} in {@code binary}, from {@code .symtab} or else
     * {@code .dynsym}: the symbol's address mapped through the PT_LOAD segment (or, for a file
     * without program headers, the section) that holds it.
     */
    public static long fileOffset(Path binary, String symbol) {
        if (symbol == null || symbol.isEmpty()) throw new IllegalArgumentException("no function name given for a uprobe");
        ElfFile elf = read(binary);
        List<ElfSymbol> candidates = new ArrayList<>(elf.symbols());
        candidates.addAll(elf.dynamicSymbols());
        for (ElfSymbol s : candidates) {
            if (s.name().equals(symbol) && s.isDefined() && s.type() == Elf.STT_FUNC && s.definingSection() >= 0) {
                return offsetOf(elf, s, binary);
            }
        }
        throw new BpfNotFoundException("function '" + symbol + "' is not defined in " + binary
                + " (not in its .symtab or .dynsym; stripped binary, or a name the compiler mangled?)", Errno.ENOENT);
    }

    private static long offsetOf(ElfFile elf, ElfSymbol s, Path binary) {
        var bySegment = elf.fileOffsetOf(s.value());
        if (bySegment.isPresent()) return bySegment.getAsLong();
        ElfSection section = elf.section(s.definingSection());
        if (section.isNobits() || s.value() < section.address()) {
            throw new BpfNotFoundException("function '" + s.name() + "' in " + binary + " has no code in the file"
                    + " (address 0x" + Long.toHexString(s.value()) + " is in no loadable segment)", Errno.ENOENT);
        }
        return section.offset() + (s.value() - section.address());
    }

    /**
     * A binary named as a path (anything with a '/') as is; a bare library name
     * ({@code libc.so.6}) from the standard library directories; a bare program name from PATH.
     */
    public static Path resolveBinary(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("no uprobe binary given");
        if (name.contains("/")) return Path.of(name);
        List<String> dirs = new ArrayList<>();
        if (name.contains(".so")) {
            dirs.addAll(LIBRARY_DIRS);
        } else {
            dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        }
        for (String dir : dirs) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new BpfNotFoundException("uprobe binary '" + name + "' is in none of " + dirs
                + "; give its path", Errno.ENOENT);
    }

    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            "/usr/local/lib");

    private static ElfFile read(Path binary) {
        if (!Files.isRegularFile(binary)) {
            throw new BpfNotFoundException("uprobe target " + binary + " is not a file", Errno.ENOENT);
        }
        try {
            return ElfFile.read(binary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read uprobe target " + binary, e);
        }
    }
}
