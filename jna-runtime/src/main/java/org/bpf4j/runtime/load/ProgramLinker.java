package org.bpf4j.runtime.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.ProgramSpec;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.runtime.BpfException;

/**
 * Turns one program of an object into the code the kernel loads, as libbpf does: the
 * subprograms it calls (transitively) are appended after it, BPF-to-BPF call and function
 * address offsets are recomputed for the new layout, map references get map fds, global data
 * references get the data map's fd plus the offset, CO-RE relocations are applied against the
 * kernel's BTF ({@link CorePatcher}), externs are resolved ({@link ExternPatcher}), and the
 * {@code .BTF.ext} func_info and line_info records of every placed function are moved to their
 * new instruction indexes.
 */
final class ProgramLinker {
    private static final int OP_LD_IMM64 = 0x18, OP_CALL = 0x85;
    private static final int PSEUDO_MAP_FD = 1, PSEUDO_MAP_VALUE = 2, PSEUDO_CALL = 1, PSEUDO_FUNC = 4;

    /** Where a map or global data symbol lives once its maps exist. */
    interface Symbols {
        /** The fd of map {@code name}. */
        int mapFd(String name);

        /** The fd of the data map holding {@code symbol} (a data section or a variable in one). */
        int dataFd(String symbol);

        /** Offset of {@code symbol} within its data section (0 for a section). */
        int dataOffset(String symbol);

        /** The fd of the {@code .kconfig} map. */
        int kconfigFd();
    }

    /**
     * The linked program: code plus resolved BTF records, and for messages a source lookup and
     * what was poisoned at which instruction (unresolved CO-RE relocations, missing weak kfuncs).
     */
    record Linked(byte[] code, byte[] funcInfo, byte[] lineInfo, TreeMap<Integer, String> sourceByInsn,
                  Map<Integer, String> poisoned) {
        /** The source of instruction {@code insn}, followed by why it was poisoned if it was. */
        String sourceLine(int insn) {
            Map.Entry<Integer, String> e = sourceByInsn.floorEntry(insn);
            String source = e == null ? null : e.getValue();
            String why = poisoned.get(insn);
            if (why == null) return source;
            return source == null ? why : source + "\n  because: " + why;
        }
    }

    private final BpfObject object;
    private final Symbols symbols;
    private final Optional<Btf> btf;
    private final CorePatcher core;
    private final ExternPatcher externs;

    ProgramLinker(BpfObject object, Symbols symbols, Optional<Btf> loadedBtf, CorePatcher core, ExternPatcher externs) {
        this.object = object;
        this.symbols = symbols;
        this.btf = loadedBtf;
        this.core = core;
        this.externs = externs;
    }

    private record Placed(ProgramSpec function, int base) {}

    Linked link(ProgramSpec program) {
        List<Placed> placed = new ArrayList<>();
        Map<ProgramSpec, Integer> start = new IdentityHashMap<>();
        ByteBuffer code = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        code = place(program, placed, start, code);
        Map<Integer, String> poisoned = new TreeMap<>();
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            java.util.Set<Integer> relocated = new java.util.HashSet<>();
            for (Relocation r : p.function().relocations()) {
                int at = p.base() + r.slot();
                relocated.add(r.slot());
                code = apply(program, r, p, at, code, placed, start);
            }
            int from = sectionOffset(p.function());
            CorePatcher.Placement where = new CorePatcher.Placement(program.name(), p.function().section(), from,
                    from + p.function().sizeInBytes(), p.base());
            externs.patch(code, where, symbols::kconfigFd, poisoned); // first: kfunc calls look like local calls
            code = fixUnrelocatedCalls(program, p, relocated, code, placed, start);
            core.patch(code, where, poisoned);
        }
        byte[] bytes = new byte[code.position()];
        code.flip().get(bytes);
        TreeMap<Integer, String> sources = new TreeMap<>();
        byte[][] infos = btfRecords(placed, sources);
        return new Linked(bytes, infos[0], infos[1], sources, poisoned);
    }

    private ByteBuffer place(ProgramSpec f, List<Placed> placed, Map<ProgramSpec, Integer> start, ByteBuffer code) {
        byte[] bytes = f.code();
        if (code.remaining() < bytes.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(code.capacity() * 2, code.position() + bytes.length))
                    .order(ByteOrder.LITTLE_ENDIAN);
            code.flip();
            bigger.put(code);
            code = bigger;
        }
        int base = code.position() / 8;
        code.put(bytes);
        start.put(f, base);
        placed.add(new Placed(f, base));
        return code;
    }

    private ByteBuffer apply(ProgramSpec program, Relocation r, Placed p, int at, ByteBuffer code, List<Placed> placed,
                             Map<ProgramSpec, Integer> start) {
        int pos = at * 8;
        int imm = code.getInt(pos + 4);
        switch (r.kind()) {
            case MAP -> {
                setSrc(code, pos, PSEUDO_MAP_FD);
                code.putInt(pos + 4, symbols.mapFd(r.symbol()));
                code.putInt(pos + 12, 0);
            }
            case MAP_VALUE -> {
                setSrc(code, pos, PSEUDO_MAP_VALUE);
                code.putInt(pos + 4, symbols.dataFd(r.symbol()));
                code.putInt(pos + 12, symbols.dataOffset(r.symbol()) + imm);
            }
            case CALL -> {
                ProgramSpec target = textFunction(program, r.symbol(), imm + 1);
                if (!start.containsKey(target)) code = place(target, placed, start, code);
                code.putInt(pos + 4, start.get(target) - at - 1);
            }
            case FUNC_ADDR -> {
                if (imm % 8 != 0) throw linkError(program, "function address at instruction " + at + " is not aligned");
                ProgramSpec target = textFunction(program, r.symbol(), imm / 8);
                if (!start.containsKey(target)) code = place(target, placed, start, code);
                setSrc(code, pos, PSEUDO_FUNC);
                code.putInt(pos + 4, start.get(target) - at - 1);
            }
        }
        return code;
    }

    /**
     * Calls between functions of one section carry no relocation: their offset is relative to
     * the call's position in that section, so the callee is found there and the offset redone.
     */
    private ByteBuffer fixUnrelocatedCalls(ProgramSpec program, Placed p, java.util.Set<Integer> relocated, ByteBuffer code,
                                           List<Placed> placed, Map<ProgramSpec, Integer> start) {
        int slots = p.function().sizeInBytes() / 8;
        int sectionBase = sectionOffset(p.function()) / 8;
        for (int s = 0; s < slots; s++) {
            int pos = (p.base() + s) * 8;
            int op = code.get(pos) & 0xff;
            if (op == OP_LD_IMM64) {
                s++;
                continue;
            }
            if (op != OP_CALL || ((code.get(pos + 1) >> 4) & 0xf) != PSEUDO_CALL || relocated.contains(s)) continue;
            int targetInSection = sectionBase + s + code.getInt(pos + 4) + 1;
            ProgramSpec target = functionAt(program, p.function().section(), targetInSection);
            if (!start.containsKey(target)) code = place(target, placed, start, code);
            int at = p.base() + s;
            code.putInt(at * 8 + 4, start.get(target) - at - 1);
        }
        return code;
    }

    /** The function a call relocation names: {@code .text} plus an index, or a named function. */
    private ProgramSpec textFunction(ProgramSpec program, String symbol, int indexFromSymbol) {
        if (symbol.equals(ProgramSpec.SUBPROGRAM_SECTION)) {
            return functionAt(program, ProgramSpec.SUBPROGRAM_SECTION, indexFromSymbol);
        }
        ProgramSpec named = object.functions().stream().filter(f -> f.name().equals(symbol)).findFirst()
                .orElseThrow(() -> linkError(program, "calls unknown function '" + symbol + "'"));
        return functionAt(program, named.section(), sectionOffset(named) / 8 + indexFromSymbol);
    }

    /** The function of {@code section} that starts at instruction {@code index} of the section. */
    private ProgramSpec functionAt(ProgramSpec program, String section, int index) {
        int offset = 0;
        for (ProgramSpec f : object.functions()) {
            if (!f.section().equals(section)) continue;
            if (offset / 8 == index) return f;
            offset += f.sizeInBytes();
        }
        throw linkError(program, "calls instruction " + index + " of section '" + section
                + "', where no function starts");
    }

    /** Byte offset of {@code f} within its section (functions of a section are laid out in list order). */
    private int sectionOffset(ProgramSpec f) {
        int offset = 0;
        for (ProgramSpec g : object.functions()) {
            if (g == f) return offset;
            if (g.section().equals(f.section())) offset += g.sizeInBytes();
        }
        throw new IllegalStateException("function '" + f.name() + "' is not part of the object");
    }

    private static void setSrc(ByteBuffer code, int pos, int src) {
        code.put(pos + 1, (byte) ((code.get(pos + 1) & 0x0f) | src << 4));
    }

    /** func_info and line_info of the placed functions, at their new indexes. */
    private byte[][] btfRecords(List<Placed> placed, TreeMap<Integer, String> sources) {
        if (btf.isEmpty() || object.btfExt().isEmpty()) return new byte[][] {new byte[0], new byte[0]};
        BtfExt ext = object.btfExt().get();
        List<int[]> funcs = new ArrayList<>();
        List<int[]> lines = new ArrayList<>();
        for (Placed p : placed) {
            int from = sectionOffset(p.function()), to = from + p.function().sizeInBytes();
            String section = p.function().section();
            for (BtfExt.Section<BtfExt.FuncInfo> s : ext.funcInfo()) {
                if (!s.name().equals(section)) continue;
                for (BtfExt.FuncInfo fi : s.records()) {
                    if (fi.insnOffset() >= from && fi.insnOffset() < to) {
                        funcs.add(new int[] {p.base() + (fi.insnOffset() - from) / 8, fi.typeId()});
                    }
                }
            }
            for (BtfExt.Section<BtfExt.LineInfo> s : ext.lineInfo()) {
                if (!s.name().equals(section)) continue;
                for (BtfExt.LineInfo li : s.records()) {
                    if (li.insnOffset() < from || li.insnOffset() >= to) continue;
                    int insn = p.base() + (li.insnOffset() - from) / 8;
                    lines.add(new int[] {insn, stringOffset(li.fileName()), stringOffset(li.lineText()),
                            li.line() << 10 | li.column()});
                    sources.put(insn, li.fileName() + ":" + li.line() + ": " + li.lineText().strip());
                }
            }
        }
        funcs.sort(Comparator.comparingInt(a -> a[0]));
        lines.sort(Comparator.comparingInt(a -> a[0]));
        return new byte[][] {pack(funcs), pack(lines)};
    }

    private int stringOffset(String s) {
        return btf.get().strings().offsetOf(s).orElseThrow(
                () -> new BpfException("line info refers to a string missing from .BTF: '" + s + "'"));
    }

    private static byte[] pack(List<int[]> records) {
        if (records.isEmpty()) return new byte[0];
        ByteBuffer b = ByteBuffer.allocate(records.size() * records.get(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] r : records) for (int v : r) b.putInt(v);
        return b.array();
    }

    private static BpfException linkError(ProgramSpec program, String what) {
        return new BpfException("cannot link program '" + program.name() + "': " + what);
    }
}
