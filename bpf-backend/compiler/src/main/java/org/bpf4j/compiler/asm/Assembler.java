package org.bpf4j.compiler.asm;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.object.elf.Relocation;
import org.bpf4j.object.isa.Insn;
import org.bpf4j.object.isa.JmpOp;
import org.bpf4j.object.isa.PseudoSrc;

/**
 * Builds one section's code: instructions, jumps to labels, symbol references and source lines.
 * Jump offsets are resolved in {@link #finish()}: an unconditional jump beyond the 16-bit range
 * becomes {@code gotol}; a conditional jump beyond it becomes the negated condition over a
 * {@code gotol} (JSET and may_goto, which have no negation, jump over an extra {@code ja}).
 * Lengthening a jump moves later code, so the layout is repeated until no jump grows.
 */
public final class Assembler {
    private final List<Item> items = new ArrayList<>();
    private final List<PendingReloc> relocs = new ArrayList<>();
    private final List<PendingLine> lines = new ArrayList<>();
    /** Source position for the next instruction, its byte offset not yet known. */
    private LineRecord pendingLine;
    private int labelCount;
    private boolean finished;

    /** One entry of the code; {@code slots} may grow during layout for conditional jumps. */
    private static final class Item {
        final Insn insn;
        final Label target;
        int slots;

        Item(Insn insn, Label target) {
            this.insn = insn;
            this.target = target;
            this.slots = insn.slots();
        }
    }

    private record PendingReloc(int item, String symbol, Relocation.Kind kind) {
    }

    private record PendingLine(int item, LineRecord record) {
    }

    private record PendingMark(int item, Object tag) {
    }

    private final List<PendingMark> marks = new ArrayList<>();

    public Label newLabel() {
        return newLabel("L" + labelCount);
    }

    /** A label with a name for messages. */
    public Label newLabel(String name) {
        checkOpen();
        labelCount++;
        return new Label(this, name);
    }

    /** Binds the label to the next emitted instruction (or the end of the code). */
    public Assembler bind(Label label) {
        checkOpen();
        checkOwn(label);
        if (label.isBound()) {
            throw new IllegalStateException("label " + label + " is already bound");
        }
        label.boundItem = items.size();
        return this;
    }

    /**
     * Attaches a source position to the next emitted instruction. A later call before that
     * instruction replaces it (a statement that produced no code); one still pending at
     * {@link #finish()} is dropped.
     */
    public Assembler line(String file, int line, int column, String sourceText) {
        checkOpen();
        pendingLine = new LineRecord(0, file, line, column, sourceText);
        return this;
    }

    /**
     * Emits an instruction whose operands are all known. Jumps and BPF-to-BPF calls carry
     * offsets that change when the layout does, so they go through the label methods.
     */
    public Assembler emit(Insn insn) {
        checkOpen();
        if (insn.isJump()) {
            throw new IllegalArgumentException("jump " + insn + " needs a label: use ja/jmp/jmpImm/jmp32/jmp32Imm/mayGoto");
        }
        if (insn.isLocalCall() || insn.pseudoSrc() == PseudoSrc.FUNC) {
            throw new IllegalArgumentException(insn + " refers to a function by offset: use call(Label) or callFunction/ldFunction");
        }
        return add(new Item(insn, null));
    }

    /**
     * Emits an instruction and records {@code tag} at its byte offset (a CO-RE relocation, which
     * {@code .BTF.ext} describes by offset).
     */
    public Assembler emitMarked(Insn insn, Object tag) {
        marks.add(new PendingMark(items.size(), tag));
        return emit(insn);
    }

    /** Emits all instructions in order. */
    public Assembler emitAll(List<Insn> insns) {
        for (Insn insn : insns) {
            emit(insn);
        }
        return this;
    }

    /** {@code goto label}. */
    public Assembler ja(Label target) {
        return branch(Insn.ja(0), target);
    }

    /** {@code if dst op src goto label}, 64-bit compare. */
    public Assembler jmp(JmpOp op, int dst, int src, Label target) {
        return branch(Insn.jmp(op, dst, src, 0), target);
    }

    /** {@code if dst op imm goto label}, 64-bit compare. */
    public Assembler jmpImm(JmpOp op, int dst, int imm, Label target) {
        return branch(Insn.jmpImm(op, dst, imm, 0), target);
    }

    /** {@code if wdst op wsrc goto label}, 32-bit compare. */
    public Assembler jmp32(JmpOp op, int dst, int src, Label target) {
        return branch(Insn.jmp32(op, dst, src, 0), target);
    }

    /** {@code if wdst op imm goto label}, 32-bit compare. */
    public Assembler jmp32Imm(JmpOp op, int dst, int imm, Label target) {
        return branch(Insn.jmp32Imm(op, dst, imm, 0), target);
    }

    /** {@code may_goto label}: leaves a loop once the kernel's iteration budget is spent. */
    public Assembler mayGoto(Label target) {
        return branch(Insn.mayGoto(0), target);
    }

    /**
     * Emits any jump (ja, gotol, a conditional jump or may_goto) to the label; the jump's own
     * offset is ignored, and ja and gotol are one unconditional jump whose form the distance picks.
     */
    public Assembler jump(Insn jump, Label target) {
        if (!jump.isJump()) {
            throw new IllegalArgumentException(jump + " is not a jump");
        }
        return branch(jump.isUnconditionalJump() ? Insn.ja(0) : jump.withJumpOffset(0), target);
    }

    private Assembler branch(Insn template, Label target) {
        checkOpen();
        checkOwn(target);
        return add(new Item(template, target));
    }

    /** BPF-to-BPF call of a function bound to a label in this code. */
    public Assembler call(Label function) {
        checkOpen();
        checkOwn(function);
        return add(new Item(Insn.callLocal(0), function));
    }

    /** BPF-to-BPF call of a function by symbol name, resolved by the loader. */
    public Assembler callFunction(String name) {
        return reference(Insn.callLocal(-1), name, Relocation.Kind.CALL);
    }

    /** {@code reg = &map}, the map named by {@code symbol}. */
    public Assembler ldMap(int reg, String symbol) {
        return reference(Insn.ldPseudo(PseudoSrc.MAP_FD, reg, 0, 0), symbol, Relocation.Kind.MAP);
    }

    /**
     * {@code reg = &symbol + off} for global data: {@code symbol} is the data section
     * ({@code .data}, {@code .bss}, {@code .rodata}) or a variable in it.
     */
    public Assembler ldMapValue(int reg, String symbol, int off) {
        return reference(Insn.ldPseudo(PseudoSrc.MAP_VALUE, reg, off, 0), symbol, Relocation.Kind.MAP_VALUE);
    }

    /** {@code reg = &function}, for helpers that take a callback. */
    public Assembler ldFunction(int reg, String name) {
        return reference(Insn.ldPseudo(PseudoSrc.FUNC, reg, 0, 0), name, Relocation.Kind.FUNC_ADDR);
    }

    private Assembler reference(Insn insn, String symbol, Relocation.Kind kind) {
        checkOpen();
        if (symbol == null || symbol.isEmpty()) {
            throw new IllegalArgumentException(kind + " reference needs a symbol name");
        }
        relocs.add(new PendingReloc(items.size(), symbol, kind));
        return add(new Item(insn, null));
    }

    private Assembler add(Item item) {
        if (pendingLine != null) {
            lines.add(new PendingLine(items.size(), pendingLine));
            pendingLine = null;
        }
        items.add(item);
        return this;
    }

    /** Resolves all jumps and returns the code; the assembler takes no more input afterwards. */
    public AssembledCode finish() {
        checkOpen();
        finished = true;
        for (Item item : items) {
            if (item.target != null && !item.target.isBound()) {
                throw new IllegalStateException("label " + item.target + " is jumped to or called but never bound");
            }
        }
        int[] start = layout();
        List<Insn> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.target == null) {
                out.add(item.insn);
            } else {
                resolve(item, start[i], start[item.target.boundItem], out);
            }
        }
        List<Relocation> relocations = new ArrayList<>(relocs.size());
        for (PendingReloc r : relocs) {
            relocations.add(new Relocation(start[r.item()] * Insn.SLOT_SIZE, r.symbol(), r.kind()));
        }
        List<LineRecord> lineRecords = new ArrayList<>(lines.size());
        for (PendingLine l : lines) {
            LineRecord r = l.record();
            lineRecords.add(new LineRecord(start[l.item()] * Insn.SLOT_SIZE, r.file(), r.line(), r.column(), r.sourceText()));
        }
        List<AssembledCode.Mark> marked = new ArrayList<>(marks.size());
        for (PendingMark m : marks) marked.add(new AssembledCode.Mark(start[m.item()] * Insn.SLOT_SIZE, m.tag()));
        return new AssembledCode(out, relocations, lineRecords, marked);
    }

    /** Start slot of every item, plus the end as the last entry; grows far conditional jumps. */
    private int[] layout() {
        int[] start = new int[items.size() + 1];
        boolean grown;
        do {
            for (int i = 0; i < items.size(); i++) {
                start[i + 1] = start[i] + items.get(i).slots;
            }
            grown = false;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item.target != null && item.insn.isConditionalJump() && item.slots == 1
                        && !fits16(start[item.target.boundItem] - (start[i] + 1))) {
                    item.slots = item.insn.jmpOp().hasNegation() ? 2 : 3;
                    grown = true;
                }
            }
        } while (grown);
        return start;
    }

    private static void resolve(Item item, int at, int target, List<Insn> out) {
        Insn insn = item.insn;
        if (insn.isCall()) {
            out.add(Insn.callLocal(target - (at + 1)));
        } else if (insn.isUnconditionalJump()) {
            int off = target - (at + 1);
            out.add(fits16(off) ? Insn.ja(off) : Insn.gotol(off));
        } else if (item.slots == 1) {
            out.add(insn.withJumpOffset(target - (at + 1)));
        } else if (item.slots == 2) {
            // if !cond goto +1; gotol target
            JmpOp negated = insn.jmpOp().negate();
            out.add(new Insn((insn.opcode() & 0x0f) | negated.code(), insn.dst(), insn.src(), 1, insn.imm()));
            out.add(Insn.gotol(target - (at + 2)));
        } else {
            // if cond goto +1; goto +1; gotol target
            out.add(insn.withJumpOffset(1));
            out.add(Insn.ja(1));
            out.add(Insn.gotol(target - (at + 3)));
        }
    }

    private static boolean fits16(int off) {
        return off >= Short.MIN_VALUE && off <= Short.MAX_VALUE;
    }

    private void checkOwn(Label label) {
        if (label == null) {
            throw new IllegalArgumentException("label is null");
        }
        if (label.owner() != this) {
            throw new IllegalArgumentException("label " + label + " belongs to another assembler");
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("assembler is finished; start a new one");
        }
    }
}
