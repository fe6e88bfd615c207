package org.bpf4j.object.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a little-endian ELF64 file without program headers (a relocatable object). Sections are
 * laid out in the order they are added, each relocated section immediately followed by its
 * {@code .rel<name>} section, then {@code .symtab} and {@code .strtab} (which holds both the
 * symbol and the section names). Symbols are ordered locals first, as the gABI requires, and
 * {@code .symtab}'s {@code sh_info} is the index of the first global.
 */
public final class ElfWriter {
    private static final int SYMTAB_ALIGN = 8;

    private final int type;
    private final int machine;
    private final List<Section> sections = new ArrayList<>();
    private final List<Symbol> symbols = new ArrayList<>();
    private final Map<Section, Symbol> sectionSymbols = new HashMap<>();

    public ElfWriter(int type, int machine) {
        this.type = type;
        this.machine = machine;
    }

    /** A section to write; returned by the {@code add} methods and passed back to name it. */
    public static final class Section {
        private final ElfWriter owner;
        private final String name;
        private final int type;
        private final long flags;
        private final long alignment;
        private final byte[] contents;
        private final long size;
        private final List<Relocation> relocations = new ArrayList<>();
        private int index;
        private int relocationIndex;

        private Section(ElfWriter owner, String name, int type, long flags, long alignment, byte[] contents, long size) {
            this.owner = owner;
            this.name = name;
            this.type = type;
            this.flags = flags;
            this.alignment = alignment;
            this.contents = contents;
            this.size = size;
        }

        public String name() {
            return name;
        }

        public long size() {
            return size;
        }
    }

    /** A symbol to write; its final index is known only when the file is written. */
    public static final class Symbol {
        private final ElfWriter owner;
        private final String name;
        private final int bind;
        private final int type;
        private final int visibility;
        private final Section section;
        private final long value;
        private final long size;
        private int index;

        private Symbol(ElfWriter owner, String name, int bind, int type, int visibility, Section section, long value, long size) {
            this.owner = owner;
            this.name = name;
            this.bind = bind;
            this.type = type;
            this.visibility = visibility;
            this.section = section;
            this.value = value;
            this.size = size;
        }

        public String name() {
            return name;
        }
    }

    private record Relocation(long offset, Symbol symbol, int type) {}

    /** Adds a section with contents ({@code SHT_PROGBITS} or any other type stored in the file). */
    public Section addSection(String name, int sectionType, long flags, long alignment, byte[] contents) {
        Objects.requireNonNull(contents, "contents");
        if (sectionType == Elf.SHT_NOBITS) throw new IllegalArgumentException("use addNobits for SHT_NOBITS section " + name);
        return add(new Section(this, checkName(name), sectionType, flags, checkAlignment(name, alignment), contents.clone(), contents.length));
    }

    /** Adds a {@code SHT_NOBITS} section, such as {@code .bss}: a size but no bytes in the file. */
    public Section addNobits(String name, long flags, long alignment, long size) {
        if (size < 0) throw new IllegalArgumentException("negative size " + size + " for section " + name);
        return add(new Section(this, checkName(name), Elf.SHT_NOBITS, flags, checkAlignment(name, alignment), new byte[0], size));
    }

    /**
     * Adds a symbol. {@code section} is null for an undefined symbol; {@code visibility} is one
     * of the {@code STV_*} values.
     */
    public Symbol addSymbol(String name, int bind, int symbolType, int visibility, Section section, long value, long size) {
        Objects.requireNonNull(name, "symbol name");
        if (section != null) checkOwned(section);
        Symbol symbol = new Symbol(this, name, bind, symbolType, visibility, section, value, size);
        symbols.add(symbol);
        return symbol;
    }

    /** The {@code STT_SECTION} symbol of a section, created on first use. */
    public Symbol sectionSymbol(Section section) {
        checkOwned(section);
        return sectionSymbols.computeIfAbsent(section,
                s -> addSymbol("", Elf.STB_LOCAL, Elf.STT_SECTION, Elf.STV_DEFAULT, s, 0, 0));
    }

    /** Adds an entry to the {@code SHT_REL} section of {@code target}. */
    public void addRelocation(Section target, long offset, Symbol symbol, int relocationType) {
        checkOwned(target);
        Objects.requireNonNull(symbol, "relocation symbol");
        if (symbol.owner != this) throw new IllegalArgumentException("symbol '" + symbol.name + "' belongs to another writer");
        if (offset < 0 || offset >= target.size) {
            throw new IllegalArgumentException("relocation offset " + offset + " is outside section " + target.name
                    + " (" + target.size + " bytes)");
        }
        target.relocations.add(new Relocation(offset, symbol, relocationType));
    }

    public byte[] toByteArray() {
        StringTableBuilder strings = new StringTableBuilder();
        List<Symbol> ordered = new ArrayList<>();
        symbols.stream().filter(s -> s.bind == Elf.STB_LOCAL).forEach(ordered::add);
        int firstGlobal = ordered.size() + 1;
        symbols.stream().filter(s -> s.bind != Elf.STB_LOCAL).forEach(ordered::add);
        for (int i = 0; i < ordered.size(); i++) ordered.get(i).index = i + 1;

        int next = 1;
        for (Section s : sections) {
            s.index = next++;
            if (!s.relocations.isEmpty()) s.relocationIndex = next++;
        }
        int symtabIndex = next++;
        int strtabIndex = next++;

        Output out = new Output();
        out.skip(Elf.EHDR_SIZE);
        List<byte[]> headers = new ArrayList<>();
        headers.add(new byte[Elf.SHDR_SIZE]);
        for (Section s : sections) {
            long offset = out.align(s.alignment);
            out.write(s.contents);
            headers.add(sectionHeader(strings.add(s.name), s.type, s.flags, offset, s.size, 0, 0, s.alignment, 0));
            if (!s.relocations.isEmpty()) {
                long relOffset = out.align(8);
                for (Relocation r : s.relocations) {
                    out.writeLong(r.offset);
                    out.writeLong(((long) r.symbol.index << 32) | Integer.toUnsignedLong(r.type));
                }
                headers.add(sectionHeader(strings.add(".rel" + s.name), Elf.SHT_REL, Elf.SHF_INFO_LINK, relOffset,
                        (long) s.relocations.size() * Elf.REL_SIZE, symtabIndex, s.index, 8, Elf.REL_SIZE));
            }
        }
        long symtabOffset = out.align(SYMTAB_ALIGN);
        out.write(new byte[Elf.SYM_SIZE]);
        for (Symbol sym : ordered) {
            out.writeInt(strings.add(sym.name));
            out.writeByte(ElfSymbol.info(sym.bind, sym.type));
            out.writeByte(sym.visibility);
            out.writeShort(sym.section == null ? Elf.SHN_UNDEF : sym.section.index);
            out.writeLong(sym.value);
            out.writeLong(sym.size);
        }
        headers.add(sectionHeader(strings.add(".symtab"), Elf.SHT_SYMTAB, 0, symtabOffset,
                (long) (ordered.size() + 1) * Elf.SYM_SIZE, strtabIndex, firstGlobal, SYMTAB_ALIGN, Elf.SYM_SIZE));
        int strtabName = strings.add(".strtab");
        byte[] stringBytes = strings.toByteArray();
        long strtabOffset = out.position();
        out.write(stringBytes);
        headers.add(sectionHeader(strtabName, Elf.SHT_STRTAB, 0, strtabOffset, stringBytes.length, 0, 0, 1, 0));

        long shoff = out.align(8);
        headers.forEach(out::write);
        byte[] file = out.toByteArray();
        writeHeader(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN), shoff, headers.size(), strtabIndex);
        return file;
    }

    private void writeHeader(ByteBuffer b, long shoff, int shnum, int shstrndx) {
        b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        b.put(4, (byte) Elf.ELFCLASS64).put(5, (byte) Elf.ELFDATA2LSB).put(6, (byte) Elf.EV_CURRENT);
        b.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, Elf.EV_CURRENT);
        b.putLong(40, shoff);
        b.putShort(52, (short) Elf.EHDR_SIZE);
        b.putShort(58, (short) Elf.SHDR_SIZE).putShort(60, (short) shnum).putShort(62, (short) shstrndx);
    }

    private static byte[] sectionHeader(int name, int type, long flags, long offset, long size, int link, int info,
            long alignment, long entrySize) {
        ByteBuffer b = ByteBuffer.allocate(Elf.SHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(name).putInt(type).putLong(flags).putLong(0).putLong(offset).putLong(size)
                .putInt(link).putInt(info).putLong(alignment).putLong(entrySize);
        return b.array();
    }

    private Section add(Section section) {
        // Each section may bring a .rel section; .symtab and .strtab and the null section come on top.
        if (2 * (sections.size() + 1) + 3 > Elf.SHN_LORESERVE) {
            throw new IllegalStateException("too many sections for an ELF file without extended numbering");
        }
        sections.add(section);
        return section;
    }

    private void checkOwned(Section section) {
        if (section.owner != this) throw new IllegalArgumentException("section '" + section.name + "' belongs to another writer");
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "section name");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("section name contains NUL: " + name);
        return name;
    }

    private static long checkAlignment(String name, long alignment) {
        if (alignment < 1 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment " + alignment + " of section " + name + " is not a power of two");
        }
        return alignment;
    }

    /** A deduplicating string table: index 0 is the empty string. */
    private static final class StringTableBuilder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new HashMap<>();

        StringTableBuilder() {
            bytes.write(0);
            offsets.put("", 0);
        }

        int add(String s) {
            return offsets.computeIfAbsent(s, k -> {
                int at = bytes.size();
                bytes.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                return at;
            });
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** A growing little-endian byte sink that pads with zeros to alignments. */
    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        long position() {
            return bytes.size();
        }

        long align(long alignment) {
            while (bytes.size() % alignment != 0) bytes.write(0);
            return bytes.size();
        }

        void skip(int n) {
            bytes.writeBytes(new byte[n]);
        }

        void write(byte[] b) {
            bytes.writeBytes(b);
        }

        void writeByte(int v) {
            bytes.write(v);
        }

        void writeShort(int v) {
            bytes.write(v);
            bytes.write(v >>> 8);
        }

        void writeInt(int v) {
            writeShort(v);
            writeShort(v >>> 16);
        }

        void writeLong(long v) {
            writeInt((int) v);
            writeInt((int) (v >>> 32));
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
