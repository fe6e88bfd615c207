package org.bpf4j.object.usdt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bpf4j.object.elf.ElfFile;
import org.bpf4j.object.elf.ElfFormatException;
import org.bpf4j.object.elf.ElfNote;
import org.bpf4j.object.elf.ElfSection;
import org.bpf4j.object.elf.ElfSymbol;

/**
 * Reads the USDT probes of an executable or shared library from its {@code .note.stapsdt} notes
 * (SystemTap's format, https://sourceware.org/systemtap/wiki/UserSpaceProbeImplementation): each
 * note of owner {@code stapsdt} and type 3 holds the site's address, the link-time address of the
 * {@code .stapsdt.base} section, the semaphore's address (three 8-byte words), then provider,
 * name and argument spec as NUL-terminated strings.
 */
public final class UsdtNotes {
    static final String SECTION = ".note.stapsdt", BASE_SECTION = ".stapsdt.base", OWNER = "stapsdt";
    static final int NT_STAPSDT = 3;

    private UsdtNotes() {}

    /** Every probe site of {@code binary}, in note order; throws {@link UsdtException} naming the file. */
    public static List<UsdtProbe> read(Path binary) {
        return probes(parse(binary), binary.toString());
    }

    /** The probe sites of {@code binary}, none when it has no {@value #SECTION} section; still throws for a file that is no ELF. */
    public static List<UsdtProbe> readIfAny(Path binary) {
        ElfFile elf = parse(binary);
        return elf.section(SECTION).isPresent() ? probes(elf, binary.toString()) : List.of();
    }

    private static ElfFile parse(Path binary) {
        try {
            return ElfFile.parse(Files.readAllBytes(binary));
        } catch (NoSuchFileException e) {
            throw new UsdtException("cannot read USDT probes of " + binary + ": no such file");
        } catch (IOException e) {
            throw new UsdtException("cannot read USDT probes of " + binary + ": " + e, e);
        } catch (ElfFormatException e) {
            throw new UsdtException("cannot read USDT probes of " + binary + ": " + e.getMessage(), e);
        }
    }

    /** The probe sites of a parsed file; {@code file} names it in errors. */
    public static List<UsdtProbe> probes(ElfFile elf, String file) {
        UsdtArch arch = UsdtArch.ofMachine(elf.machine()).orElseThrow(() -> new UsdtException(file
                + ": USDT arguments of ELF machine " + elf.machine() + " are not supported (only x86-64 and arm64)"));
        ElfSection notes = elf.section(SECTION).orElseThrow(() -> new UsdtException(file + " has no USDT probes: no "
                + SECTION + " section (built without <sys/sdt.h> probes, or stripped of them)"));
        // Prelinking moves the file's sections; the note still holds the link-time address of
        // .stapsdt.base, so the difference to its present address shifts every site and semaphore.
        Optional<ElfSection> base = elf.section(BASE_SECTION);
        List<UsdtProbe> probes = new ArrayList<>();
        for (ElfNote note : elf.notes(notes)) {
            if (note.owner().equals(OWNER) && note.type() == NT_STAPSDT) probes.add(probe(elf, arch, note, base, file));
        }
        return List.copyOf(probes);
    }

    private static UsdtProbe probe(ElfFile elf, UsdtArch arch, ElfNote note, Optional<ElfSection> baseSection, String file) {
        byte[] desc = note.descriptor();
        if (desc.length < 24) throw new UsdtException(file + ": a " + SECTION + " note has " + desc.length + " bytes, fewer than its three addresses");
        ByteBuffer buf = ByteBuffer.wrap(desc).order(ByteOrder.LITTLE_ENDIAN);
        long pc = buf.getLong(0), base = buf.getLong(8), semaphore = buf.getLong(16);
        // provider, name and spec, each NUL-terminated; a split keeps what follows the last NUL
        String[] strings = new String(desc, 24, desc.length - 24, StandardCharsets.UTF_8).split("\0", -1);
        if (strings.length < 4) throw new UsdtException(file + ": a " + SECTION + " note lacks its provider, name or argument string");
        String provider = strings[0], name = strings[1], spec = strings[2];
        String probe = provider + ":" + name + " at 0x" + Long.toHexString(pc);
        long shift = base != 0 && baseSection.isPresent() ? baseSection.get().address() - base : 0;
        long address = pc + shift, semaphoreAddress = semaphore == 0 ? 0 : semaphore + shift;
        long fileOffset = fileOffset(elf, address, "site of " + probe, file);
        long semaphoreOffset = semaphore == 0 ? 0 : fileOffset(elf, semaphoreAddress, "semaphore of " + probe, file);
        List<UsdtArgument> args;
        try {
            args = UsdtArgumentParser.parse(spec, arch).stream().map(a -> resolve(elf, a, address)).toList();
        } catch (UsdtException e) {
            throw new UsdtException(file + ": probe " + probe + ": " + e.getMessage(), e);
        }
        return new UsdtProbe(provider, name, address, fileOffset, semaphoreAddress, semaphoreOffset, spec, args);
    }

    /** A symbol-relative operand ({@code v(%rip)}) as displacement from the PC, which a uprobe sees at the site. */
    private static UsdtArgument resolve(ElfFile elf, UsdtArgument a, long siteAddress) {
        if (!a.isSymbolic()) return a;
        long symbol = symbolAddress(elf, a.symbol()).orElseThrow(() -> new UsdtException("symbol '" + a.symbol()
                + "' of the argument is in neither .symtab nor .dynsym (stripped binary?)"));
        return UsdtArgument.memory(a.size(), a.signed(), a.register(), a.ptRegsOffset(), symbol + a.value() - siteAddress);
    }

    private static Optional<Long> symbolAddress(ElfFile elf, String name) {
        List<ElfSymbol> all = new ArrayList<>(elf.symbols());
        all.addAll(elf.dynamicSymbols());
        return all.stream().filter(s -> s.name().equals(name) && s.isDefined()).map(ElfSymbol::value).findFirst();
    }

    private static long fileOffset(ElfFile elf, long address, String what, String file) {
        return elf.fileOffsetOf(address).orElseThrow(() -> new UsdtException(file + ": the " + what
                + " lies in no loadable segment (0x" + Long.toHexString(address) + ")"));
    }
}
