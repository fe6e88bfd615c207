package org.bpf4j.runtime.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.CoreRelocationException;
import org.bpf4j.object.btf.CoreRelocator;
import org.bpf4j.object.btf.CoreResult;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.runtime.BpfException;

/**
 * Applies an object's {@code .BTF.ext} CO-RE relocations to placed code as libbpf's
 * {@code bpf_core_patch_insn} does: the value the compiler assumed (checked, except for
 * bitfields) becomes the running kernel's, in an ALU immediate, a load/store offset (with the
 * access width adjusted where the field's size changed and zero extension keeps the value) or a
 * 64-bit immediate. A relocation that cannot be resolved poisons its instruction with a call of
 * the invalid helper {@code 0xbad2310}, so the verifier refuses it only where it is reachable.
 * The kernel's BTF is read only when an object has CO-RE relocations (and once per process).
 */
final class CorePatcher {
    /** libbpf's poison: "bad relo". */
    static final int POISON_IMM = 0xbad2310;
    private static final int OP_CALL = 0x85, OP_LD_IMM64 = 0x18, BPF_K = 0x00, SRC_MASK = 0x08;
    private static final int LD = 0, LDX = 1, ST = 2, STX = 3, ALU = 4, ALU64 = 7;
    private static final int[] SIZE_BYTES = {4, 2, 1, 8};

    /** Where a function's code sits: its section byte range and its first instruction in the program. */
    record Placement(String program, String section, int from, int to, int base) {
        boolean holds(long sectionOffset) {
            return sectionOffset >= from && sectionOffset < to;
        }

        int insn(long sectionOffset) {
            return base + (int) ((sectionOffset - from) / 8);
        }
    }

    private final Optional<Btf> local;
    private final List<BtfExt.Section<BtfExt.CoreRelo>> relos;
    private CoreRelocator relocator;

    CorePatcher(BpfObject object) {
        this.local = object.btf();
        this.relos = object.btfExt().map(BtfExt::coreRelos).orElse(List.of());
    }

    /** Patches every relocation of {@code where}'s function in {@code code}; notes poisoned instructions. */
    void patch(ByteBuffer code, Placement where, Map<Integer, String> poisoned) {
        for (BtfExt.Section<BtfExt.CoreRelo> s : relos) {
            if (!s.name().equals(where.section())) continue;
            List<BtfExt.CoreRelo> records = s.records();
            for (int i = 0; i < records.size(); i++) {
                BtfExt.CoreRelo relo = records.get(i);
                if (!where.holds(relo.insnOffset())) continue;
                int insn = where.insn(relo.insnOffset());
                String name = "CO-RE relocation #" + i + " of section '" + s.name() + "' (" + describe(relo) + ")";
                CoreResult r;
                try {
                    r = relocator().resolve(relo);
                } catch (CoreRelocationException e) {
                    throw error(where, name + ": " + e.getMessage());
                }
                if (r.poisoned()) {
                    poison(code, insn, poisoned, name + " has no match in the kernel's BTF");
                } else {
                    patchInsn(code, insn, r, where, name, poisoned);
                }
            }
        }
    }

    private CoreRelocator relocator() {
        if (relocator == null) {
            Btf btf = local.orElseThrow(() -> new BpfException("CO-RE relocations without .BTF"));
            relocator = new CoreRelocator(btf, KernelBtf.vmlinux().btf());
        }
        return relocator;
    }

    private static void patchInsn(ByteBuffer code, int insn, CoreResult r, Placement where, String name,
                                  Map<Integer, String> poisoned) {
        int pos = insn * 8;
        if (pos + 8 > code.position()) throw error(where, name + " points past the end of the code");
        int op = code.get(pos) & 0xff;
        switch (op & 7) {
            case ALU, ALU64 -> {
                if ((op & SRC_MASK) != BPF_K) throw error(where, name + " is on a register ALU instruction #" + insn);
                check(r, code.getInt(pos + 4), where, name, insn);
                code.putInt(pos + 4, (int) r.targetValue());
            }
            case LDX, ST, STX -> {
                check(r, code.getShort(pos + 2), where, name, insn);
                if (r.targetValue() > Short.MAX_VALUE) {
                    throw error(where, name + ": offset " + r.targetValue() + " does not fit instruction #" + insn);
                }
                if (!r.sizeAdjustable()) {
                    poison(code, insn, poisoned, name + " accesses a field whose size changed from "
                            + r.localFieldSize() + " to " + r.targetFieldSize() + " bytes and is not an unsigned integer"
                            + " or pointer");
                    return;
                }
                code.putShort(pos + 2, (short) r.targetValue());
                if (r.targetFieldSize() != r.localFieldSize()) resize(code, pos, r, where, name, insn);
            }
            case LD -> {
                if (op != OP_LD_IMM64 || (code.get(pos + 1) & 0xf0) != 0 || pos + 16 > code.position()) {
                    throw error(where, name + " is on instruction #" + insn + ", not a plain ld_imm64");
                }
                long imm = Integer.toUnsignedLong(code.getInt(pos + 4)) | (long) code.getInt(pos + 12) << 32;
                check(r, imm, where, name, insn);
                code.putInt(pos + 4, (int) r.targetValue());
                code.putInt(pos + 12, (int) (r.targetValue() >>> 32));
            }
            default -> throw error(where, name + " is on instruction #" + insn + " (opcode 0x"
                    + Integer.toHexString(op) + "), which CO-RE cannot relocate");
        }
    }

    private static void check(CoreResult r, long found, Placement where, String name, int insn) {
        if (r.checkLocalValue() && found != r.localValue()) {
            throw error(where, name + ": instruction #" + insn + " holds " + found + ", but the object's BTF says "
                    + r.localValue());
        }
    }

    /** A load or store of a field whose size differs in the kernel gets the kernel's width. */
    private static void resize(ByteBuffer code, int pos, CoreResult r, Placement where, String name, int insn) {
        int op = code.get(pos) & 0xff;
        int bytes = SIZE_BYTES[(op >> 3) & 3];
        if (bytes != r.localFieldSize()) {
            throw error(where, name + ": instruction #" + insn + " accesses " + bytes + " bytes, the field has "
                    + r.localFieldSize());
        }
        int sizeCode = indexOf(r.targetFieldSize());
        if (sizeCode < 0) throw error(where, name + ": the kernel's field size " + r.targetFieldSize() + " cannot be loaded");
        code.put(pos, (byte) ((op & ~0x18) | sizeCode << 3));
    }

    private static int indexOf(int bytes) {
        for (int i = 0; i < SIZE_BYTES.length; i++) if (SIZE_BYTES[i] == bytes) return i;
        return -1;
    }

    /** libbpf's poisoning: an ld_imm64 loses both slots so the verifier reports the call, not a bad opcode. */
    static void poison(ByteBuffer code, int insn, Map<Integer, String> poisoned, String why) {
        poison(code, insn, POISON_IMM, poisoned, why);
    }

    static void poison(ByteBuffer code, int insn, int imm, Map<Integer, String> poisoned, String why) {
        int pos = insn * 8;
        if ((code.get(pos) & 0xff) == OP_LD_IMM64) callSlot(code, pos + 8, imm);
        callSlot(code, pos, imm);
        poisoned.put(insn, why);
    }

    private static void callSlot(ByteBuffer code, int pos, int imm) {
        code.put(pos, (byte) OP_CALL);
        code.put(pos + 1, (byte) 0);
        code.putShort(pos + 2, (short) 0);
        code.putInt(pos + 4, imm);
    }

    private String describe(BtfExt.CoreRelo relo) {
        if (local.isEmpty() || relo.typeId() <= 0 || relo.typeId() > local.get().maxId()) {
            return relo.kind() + " of type #" + relo.typeId() + ", access " + relo.accessString();
        }
        Btf btf = local.get();
        BtfType root = btf.type(relo.typeId());
        return relo.kind() + " of " + root.kind().toString().toLowerCase() + " " + root.name() + ", access "
                + relo.accessString() + path(btf, relo);
    }

    /** The access string in names, e.g. {@code " (.se.vruntime)"}; empty where it is not a field path. */
    private static String path(Btf btf, BtfExt.CoreRelo relo) {
        String[] parts = relo.accessString().split(":");
        StringBuilder out = new StringBuilder();
        int id = relo.typeId();
        try {
            for (int i = 1; i < parts.length; i++) {
                int index = Integer.parseInt(parts[i]);
                BtfType t = btf.type(btf.skipModifiers(id));
                if (t instanceof BtfType.Composite c) {
                    BtfType.Member m = c.members().get(index);
                    if (!m.name().isEmpty()) out.append('.').append(m.name());
                    id = m.type();
                } else if (t instanceof BtfType.Array a) {
                    out.append('[').append(index).append(']');
                    id = a.elementType();
                } else {
                    return "";
                }
            }
            if (parts.length == 1 && btf.type(btf.skipModifiers(relo.typeId())) instanceof BtfType.Enum e
                    && relo.kind().name().startsWith("ENUMVAL")) {
                out.append(e.values().get(Integer.parseInt(parts[0])).name());
            }
        } catch (RuntimeException e) {
            return "";
        }
        return out.length() == 0 ? "" : " (" + out + ")";
    }

    private static BpfException error(Placement where, String what) {
        return new BpfException("cannot link program '" + where.program() + "': " + what);
    }
}
