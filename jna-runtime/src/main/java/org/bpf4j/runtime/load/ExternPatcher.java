package org.bpf4j.runtime.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.bpf4j.runtime.BpfException;

/**
 * Patches the instructions that refer to externs, as libbpf does: a {@code __kconfig} variable's
 * address becomes a map-value load from the {@code .kconfig} map; a typed {@code __ksym} an
 * {@code ld_imm64} of source {@code BPF_PSEUDO_BTF_ID} with its vmlinux id; a typeless one its
 * address; a kfunc call a {@code BPF_PSEUDO_KFUNC_CALL} of the kfunc's vmlinux id; a missing weak
 * extern 0, and a call of a missing weak kfunc is poisoned (helper {@code 2002000000 + index}).
 */
final class ExternPatcher {
    /** libbpf's base for poisoned kfunc calls. */
    static final int POISON_KFUNC_BASE = 2_002_000_000;
    private static final int OP_CALL = 0x85, OP_LD_IMM64 = 0x18;
    private static final int PSEUDO_MAP_VALUE = 2, PSEUDO_BTF_ID = 3, PSEUDO_KFUNC_CALL = 2;

    private final List<ExternRef> refs;
    private final Externs externs;

    ExternPatcher(List<ExternRef> refs, Externs externs) {
        this.refs = refs;
        this.externs = externs;
    }

    void patch(ByteBuffer code, CorePatcher.Placement where, IntSupplier kconfigFd, Map<Integer, String> poisoned) {
        for (ExternRef ref : refs) {
            if (!ref.section().equals(where.section()) || !where.holds(ref.offset())) continue;
            int insn = where.insn(ref.offset());
            int pos = insn * 8;
            Externs.Extern e = externs.get(ref.symbol()).orElseThrow(
                    () -> error(where, "extern '" + ref.symbol() + "' was not resolved"));
            int op = code.get(pos) & 0xff;
            if (op == OP_CALL) {
                if (e.kind() != Externs.Kind.KFUNC) {
                    throw error(where, "instruction #" + insn + " calls '" + e.name() + "', which is not a kfunc");
                }
                if (e.found()) {
                    setSrc(code, pos, PSEUDO_KFUNC_CALL);
                    code.putShort(pos + 2, (short) 0);
                    code.putInt(pos + 4, e.kernelBtfId());
                } else {
                    CorePatcher.poison(code, insn, POISON_KFUNC_BASE + e.index(), poisoned,
                            "call of weak kfunc '" + e.name() + "', which the running kernel does not have");
                }
            } else if (op == OP_LD_IMM64 && pos + 16 <= code.position()) {
                load(code, pos, e, kconfigFd);
            } else {
                throw error(where, "instruction #" + insn + " refers to extern '" + e.name()
                        + "' but is neither a call nor an ld_imm64");
            }
        }
    }

    private static void load(ByteBuffer code, int pos, Externs.Extern e, IntSupplier kconfigFd) {
        switch (e.kind()) {
            case KCONFIG -> {
                setSrc(code, pos, PSEUDO_MAP_VALUE);
                code.putInt(pos + 4, kconfigFd.getAsInt());
                code.putInt(pos + 12, (int) e.value());
            }
            case KSYM, KFUNC -> {
                setSrc(code, pos, e.found() ? PSEUDO_BTF_ID : 0);
                code.putInt(pos + 4, e.kernelBtfId());
                code.putInt(pos + 12, 0);
            }
            case TYPELESS_KSYM -> {
                setSrc(code, pos, 0);
                code.putInt(pos + 4, (int) e.value());
                code.putInt(pos + 12, (int) (e.value() >>> 32));
            }
        }
    }

    private static void setSrc(ByteBuffer code, int pos, int src) {
        code.put(pos + 1, (byte) ((code.get(pos + 1) & 0x0f) | src << 4));
    }

    private static BpfException error(CorePatcher.Placement where, String what) {
        return new BpfException("cannot link program '" + where.program() + "': " + what);
    }
}
