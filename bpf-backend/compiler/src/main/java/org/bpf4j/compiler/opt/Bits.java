package org.bpf4j.compiler.opt;

import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.Value;

/** What passes know about the bits of a value. */
final class Bits {
    private Bits() {}

    /** Whether {@code x} is zero above its low {@code bytes} bytes. */
    static boolean onlyLowBytes(Value x, int bytes) {
        if (x.type().size() <= bytes) return true;
        if (!(x instanceof Instruction)) return false;
        Instruction i = (Instruction) x;
        switch (i.op()) {
            case LOAD: return !i.signExtends() && i.size() <= bytes;
            case CTX_LOAD: return i.size() <= bytes;
            case ZEXT: case BSWAP: return i.size() <= bytes;
            default: return false;
        }
    }
}
