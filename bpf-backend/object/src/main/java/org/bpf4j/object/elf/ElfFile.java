package org.bpf4j.object.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed little-endian ELF64 file of any machine and type: section headers with their names,
 * program headers, the symbol tables ({@code SHT_SYMTAB}, {@code SHT_DYNSYM}) and every
 * {@code SHT_REL}/{@code SHT_RELA} section. Everything is validated while parsing, so a file that
 * parses has no offsets, sizes, string indexes, section indexes or symbol indexes out of range;
 * anything else ends in an {@link ElfFormatException} naming what is wrong and where.
 */
public final class ElfFile {
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    private final byte[] bytes;
    private final int type;
    private final int machine;
    private final int flags;
    private final long entry;
    private final List<ElfSection> sections;
    private final List<ElfSegment> segments;
    private final Map<Integer, List<ElfSymbol>> symbolTables = new HashMap<>();
    private final Map<Integer, List<ElfRelocation>> relocations = new HashMap<>();

    private ElfFile(byte[] bytes) {
        this.bytes = bytes;
        if (bytes.length < Elf.EHDR_SIZE) {
            throw new ElfFormatException("not an ELF file: " + bytes.length + " bytes, shorter than the 64-byte ELF64 header");
        }
        if (!Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
            throw new ElfFormatException("not an ELF file: bad magic at offset 0");
        }
        if (bytes[4] != Elf.ELFCLASS64) {
            throw new ElfFormatException("unsupported ELF class " + bytes[4] + " at offset 4 (only ELFCLASS64 = 2)");
        }
        if (bytes[5] != Elf.ELFDATA2LSB) {
            throw new ElfFormatException("unsupported ELF data encoding " + bytes[5] + " at offset 5 (only little-endian ELFDATA2LSB = 1)");
        }
        if (bytes[6] != Elf.EV_CURRENT) {
            throw new ElfFormatException("unsupported ELF version " + bytes[6] + " at offset 6");
        }
        ByteBuffer header = buffer();
        type = Short.toUnsignedInt(header.getShort(16));
        machine = Short.toUnsignedInt(header.getShort(18));
        entry = header.getLong(24);
        long phoff = header.getLong(32);
        long shoff = header.getLong(40);
        flags = header.getInt(48);
        int phentsize = Short.toUnsignedInt(header.getShort(54));
        int phnum = Short.toUnsignedInt(header.getShort(56));
        int shentsize = Short.toUnsignedInt(header.getShort(58));
        int shnum = Short.toUnsignedInt(header.getShort(60));
        int shstrndx = Short.toUnsignedInt(header.getShort(62));

        sections = readSections(shoff, shentsize, shnum, shstrndx);
        segments = readSegments(phoff, phentsize, phnum);
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_SYMTAB || s.type() == Elf.SHT_DYNSYM) {
                symbolTables.put(s.index(), readSymbols(s));
            }
        }
        for (ElfSection s : sections) {
            if (s.type() == Elf.SHT_REL || s.type() == Elf.SHT_RELA) {
                relocations.put(s.index(), readRelocations(s));
            }
        }
    }

    /** Parses {@code bytes}; the array is not copied, so it must not change afterwards. */
    public static ElfFile parse(byte[] bytes) {
        if (bytes == null) throw new IllegalArgumentException("ELF bytes are null");
        return new ElfFile(bytes);
    }

    public static ElfFile read(Path path) throws IOException {
        try {
            return parse(Files.readAllBytes(path));
        } catch (ElfFormatException e) {
            throw new ElfFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** {@code e_type}: {@link Elf#ET_REL}, {@link Elf#ET_EXEC}, {@link Elf#ET_DYN}, ... */
    public int type() {
        return type;
    }

    /** {@code e_machine}: {@link Elf#EM_BPF}, {@link Elf#EM_X86_64}, ... */
    public int machine() {
        return machine;
    }

    public int flags() {
        return flags;
    }

    public long entry() {
        return entry;
    }

    /** All section headers, index 0 (the null section) included. */
    public List<ElfSection> sections() {
        return sections;
    }

    public ElfSection section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw new IllegalArgumentException("no section " + index + " (the file has " + sections.size() + ")");
        }
        return sections.get(index);
    }

    /** The first section with this name. */
    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A copy of the section's bytes; empty for {@code SHT_NOBITS}. */
    public byte[] contents(ElfSection section) {
        if (section.isNobits()) return new byte[0];
        int from = (int) section.offset();
        return Arrays.copyOfRange(bytes, from, from + (int) section.size());
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    /** The symbols of the {@code SHT_SYMTAB} section (entry 0 included); empty when there is none. */
    public List<ElfSymbol> symbols() {
        return firstSymbolTable(Elf.SHT_SYMTAB);
    }

    /** The symbols of the {@code SHT_DYNSYM} section (entry 0 included); empty when there is none. */
    public List<ElfSymbol> dynamicSymbols() {
        return firstSymbolTable(Elf.SHT_DYNSYM);
    }

    /** The symbols of a given symbol table section. */
    public List<ElfSymbol> symbols(ElfSection symbolTable) {
        List<ElfSymbol> symbols = symbolTables.get(symbolTable.index());
        if (symbols == null) throw new IllegalArgumentException(symbolTable + " is not a symbol table");
        return symbols;
    }

    /** The entries of an {@code SHT_REL} or {@code SHT_RELA} section. */
    public List<ElfRelocation> relocations(ElfSection relocationSection) {
        List<ElfRelocation> entries = relocations.get(relocationSection.index());
        if (entries == null) throw new IllegalArgumentException(relocationSection + " is not a relocation section");
        return entries;
    }

    /** The relocation sections that apply to {@code target} (their {@code sh_info}). */
    public List<ElfSection> relocationSectionsFor(ElfSection target) {
        List<ElfSection> result = new ArrayList<>();
        for (ElfSection s : sections) {
            if (relocations.containsKey(s.index()) && s.info() == target.index()) result.add(s);
        }
        return result;
    }

    /**
     * The entries of a {@code SHT_NOTE} section: each a 12-byte header (name size, descriptor
     * size, type), then the owner name and the descriptor, each padded to 4 bytes.
     */
    public List<ElfNote> notes(ElfSection section) {
        if (section.type() != Elf.SHT_NOTE) throw new IllegalArgumentException(section + " is not a note section");
        ByteBuffer buf = buffer();
        List<ElfNote> result = new ArrayList<>();
        long at = section.offset();
        long end = section.offset() + section.size();
        while (at < end) {
            String where = "note at offset " + at + " of " + section;
            checkRange(at, 12, where);
            if (end - at < 12) throw new ElfFormatException(where + ": truncated header");
            long nameSize = Integer.toUnsignedLong(buf.getInt((int) at));
            long descSize = Integer.toUnsignedLong(buf.getInt((int) at + 4));
            int type = buf.getInt((int) at + 8);
            long name = at + 12;
            long desc = name + align4(nameSize);
            long next = desc + align4(descSize);
            if (next > end) throw new ElfFormatException(where + ": name and descriptor run past the section's end");
            // the owner name is NUL-terminated within its size
            int nameLength = (int) Math.max(0, nameSize - 1);
            String owner = new String(bytes, (int) name, nameLength, java.nio.charset.StandardCharsets.UTF_8);
            result.add(new ElfNote(owner, type, Arrays.copyOfRange(bytes, (int) desc, (int) (desc + descSize))));
            at = next;
        }
        return Collections.unmodifiableList(result);
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    /** The file offset at which a virtual address is stored, by the {@code PT_LOAD} segment holding it. */
    public OptionalLong fileOffsetOf(long virtualAddress) {
        for (ElfSegment segment : segments) {
            if (segment.type() == Elf.PT_LOAD && segment.containsAddress(virtualAddress)) {
                return OptionalLong.of(segment.offset() + (virtualAddress - segment.virtualAddress()));
            }
        }
        return OptionalLong.empty();
    }

    private List<ElfSymbol> firstSymbolTable(int sectionType) {
        for (ElfSection s : sections) {
            if (s.type() == sectionType) return symbolTables.get(s.index());
        }
        return List.of();
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Checks that [offset, offset + size) lies inside the file and returns offset as an int. */
    private int checkRange(long offset, long size, String what) {
        if (offset < 0 || size < 0 || offset > bytes.length || size > bytes.length - offset) {
            throw new ElfFormatException(what + " at offset " + Long.toUnsignedString(offset) + " with size "
                    + Long.toUnsignedString(size) + " lies outside the file (" + bytes.length + " bytes)");
        }
        return (int) offset;
    }

    private List<ElfSection> readSections(long shoff, int shentsize, int shnum, int shstrndx) {
        if (shoff == 0) {
            if (shnum != 0) throw new ElfFormatException("e_shnum is " + shnum + " but e_shoff is 0");
            return List.of();
        }
        if (shentsize != Elf.SHDR_SIZE) {
            throw new ElfFormatException("e_shentsize is " + shentsize + ", expected " + Elf.SHDR_SIZE);
        }
        ByteBuffer buf = buffer();
        int first = checkRange(shoff, Elf.SHDR_SIZE, "section header 0");
        // Extended numbering: more than 0xff00 sections keep the real count in section 0's sh_size
        // and the real string table index in its sh_link.
        long count = shnum;
        if (shnum == 0) count = buf.getLong(first + 32);
        if (shstrndx == Elf.SHN_XINDEX) shstrndx = buf.getInt(first + 40);
        int start = checkRange(shoff, count * Elf.SHDR_SIZE, "section header table of " + count + " entries");
        int n = (int) count;
        long[][] raw = new long[n][];
        for (int i = 0; i < n; i++) {
            int at = start + i * Elf.SHDR_SIZE;
            raw[i] = new long[] {
                Integer.toUnsignedLong(buf.getInt(at)), Integer.toUnsignedLong(buf.getInt(at + 4)), buf.getLong(at + 8),
                buf.getLong(at + 16), buf.getLong(at + 24), buf.getLong(at + 32),
                Integer.toUnsignedLong(buf.getInt(at + 40)), Integer.toUnsignedLong(buf.getInt(at + 44)),
                buf.getLong(at + 48), buf.getLong(at + 56)};
            if ((int) raw[i][1] != Elf.SHT_NOBITS && (int) raw[i][1] != Elf.SHT_NULL) {
                checkRange(raw[i][4], raw[i][5], "contents of section [" + i + "]");
            }
        }
        if (n > 0 && (shstrndx < 0 || shstrndx >= n)) {
            throw new ElfFormatException("section name string table index " + shstrndx + " is out of range (" + n + " sections)");
        }
        // Index 0 (SHN_UNDEF) means the sections have no names.
        StringTable names = n == 0 || shstrndx == 0 ? null : stringTable(raw[shstrndx], shstrndx);
        List<ElfSection> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] h = raw[i];
            String name = names == null || (i == 0 && h[1] == Elf.SHT_NULL) ? "" : names.get(h[0], "name of section [" + i + "]");
            if (h[6] >= n && h[1] != Elf.SHT_NULL) {
                throw new ElfFormatException("section [" + i + "] '" + name + "' links to section " + h[6]
                        + ", out of range (" + n + " sections)");
            }
            result.add(new ElfSection(i, name, (int) h[1], h[2], h[3], h[4], h[5], (int) h[6], (int) h[7], h[8], h[9]));
        }
        return Collections.unmodifiableList(result);
    }

    private StringTable stringTable(long[] header, int index) {
        if ((int) header[1] != Elf.SHT_STRTAB) {
            throw new ElfFormatException("section [" + index + "] is used as a string table but has type " + header[1]);
        }
        return new StringTable(bytes, (int) header[4], (int) header[5], "string table section [" + index + "]");
    }

    private List<ElfSegment> readSegments(long phoff, int phentsize, int phnum) {
        if (phnum == 0) return List.of();
        if (phentsize != Elf.PHDR_SIZE) {
            throw new ElfFormatException("e_phentsize is " + phentsize + ", expected " + Elf.PHDR_SIZE);
        }
        int start = checkRange(phoff, (long) phnum * Elf.PHDR_SIZE, "program header table of " + phnum + " entries");
        ByteBuffer buf = buffer();
        List<ElfSegment> result = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = start + i * Elf.PHDR_SIZE;
            result.add(new ElfSegment(buf.getInt(at), buf.getInt(at + 4), buf.getLong(at + 8), buf.getLong(at + 16),
                    buf.getLong(at + 32), buf.getLong(at + 40)));
        }
        return Collections.unmodifiableList(result);
    }

    private List<ElfSymbol> readSymbols(ElfSection table) {
        if (table.size() % Elf.SYM_SIZE != 0) {
            throw new ElfFormatException(table + ": size " + table.size() + " is not a multiple of the "
                    + Elf.SYM_SIZE + "-byte symbol entry");
        }
        if (table.link() <= 0 || table.link() >= sections.size()) {
            throw new ElfFormatException(table + ": sh_link " + table.link() + " does not name a string table");
        }
        ElfSection strings = sections.get(table.link());
        if (strings.type() != Elf.SHT_STRTAB) {
            throw new ElfFormatException(table + ": sh_link names " + strings + " which is not a string table");
        }
        StringTable names = new StringTable(bytes, (int) strings.offset(), (int) strings.size(), strings.toString());
        ByteBuffer buf = buffer();
        int count = (int) (table.size() / Elf.SYM_SIZE);
        List<ElfSymbol> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = (int) table.offset() + i * Elf.SYM_SIZE;
            long nameOffset = Integer.toUnsignedLong(buf.getInt(at));
            int info = Byte.toUnsignedInt(buf.get(at + 4));
            int other = Byte.toUnsignedInt(buf.get(at + 5));
            int shndx = Short.toUnsignedInt(buf.getShort(at + 6));
            String where = "symbol " + i + " of " + table;
            if (shndx == Elf.SHN_XINDEX) {
                throw new ElfFormatException(where + " uses SHN_XINDEX (extended section indexes), which is not supported");
            }
            if (shndx != Elf.SHN_UNDEF && shndx < Elf.SHN_LORESERVE && shndx >= sections.size()) {
                throw new ElfFormatException(where + " is defined in section " + shndx + ", out of range ("
                        + sections.size() + " sections)");
            }
            String name = names.get(nameOffset, "name of " + where);
            result.add(new ElfSymbol(i, name, buf.getLong(at + 8), buf.getLong(at + 16), info, other, shndx));
        }
        return Collections.unmodifiableList(result);
    }

    private List<ElfRelocation> readRelocations(ElfSection section) {
        boolean rela = section.type() == Elf.SHT_RELA;
        int entrySize = rela ? Elf.RELA_SIZE : Elf.REL_SIZE;
        if (section.size() % entrySize != 0) {
            throw new ElfFormatException(section + ": size " + section.size() + " is not a multiple of the "
                    + entrySize + "-byte relocation entry");
        }
        // sh_link 0: no symbol table, only symbol index 0 may be used; sh_info 0: dynamic
        // relocations of an executable, which apply to no one section.
        int symbolCount = section.link() == 0 ? 1 : symbolTableSize(section);
        if (section.info() < 0 || section.info() >= sections.size()) {
            throw new ElfFormatException(section + ": sh_info " + Integer.toUnsignedString(section.info())
                    + " does not name a section to relocate");
        }
        ByteBuffer buf = buffer();
        int count = (int) (section.size() / entrySize);
        List<ElfRelocation> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = (int) section.offset() + i * entrySize;
            long info = buf.getLong(at + 8);
            long symbol = info >>> 32;
            if (symbol >= symbolCount) {
                throw new ElfFormatException("relocation " + i + " of " + section + " refers to symbol " + symbol
                        + ", out of range (" + symbolCount + " symbols)");
            }
            result.add(new ElfRelocation(buf.getLong(at), (int) symbol, (int) info, rela ? buf.getLong(at + 16) : 0));
        }
        return Collections.unmodifiableList(result);
    }

    private int symbolTableSize(ElfSection relocationSection) {
        List<ElfSymbol> symbols = symbolTables.get(relocationSection.link());
        if (symbols == null) {
            throw new ElfFormatException(relocationSection + ": sh_link " + relocationSection.link()
                    + " does not name a symbol table");
        }
        return symbols.size();
    }

    /** NUL-terminated strings of one string table section, bounds-checked. */
    private static final class StringTable {
        private final byte[] bytes;
        private final int start;
        private final int size;
        private final String what;

        StringTable(byte[] bytes, int start, int size, String what) {
            this.bytes = bytes;
            this.start = start;
            this.size = size;
            this.what = what;
        }

        String get(long index, String usedFor) {
            if (index < 0 || index >= size) {
                throw new ElfFormatException(usedFor + ": string index " + index + " is outside " + what
                        + " (" + size + " bytes)");
            }
            int from = start + (int) index;
            int end = from;
            int limit = start + size;
            while (end < limit && bytes[end] != 0) end++;
            if (end == limit) {
                throw new ElfFormatException(usedFor + ": string at index " + index + " of " + what
                        + " is not NUL-terminated");
            }
            return new String(bytes, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
