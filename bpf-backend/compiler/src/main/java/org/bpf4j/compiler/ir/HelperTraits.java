package org.bpf4j.compiler.ir;

/**
 * What the compiler knows of a helper beyond its number: the processor reads it from the
 * helper's declaration ({@code @Helper} on {@code org.bpf4j.lang.Bpf}).
 *
 * @param changesPacket the helper may move or resize the packet, after which every packet pointer is stale
 * @param filledArg     the argument whose bytes, as many as the next argument says, the helper writes on
 *                      every outcome; -1 for none
 * @param removable     the helper changes nothing observable, so a call whose result is unused may go
 * @param takesLock     the helper takes a lock the program must release; until then the verifier
 *                      refuses a call of a global function
 */
public record HelperTraits(boolean changesPacket, int filledArg, boolean removable, boolean takesLock) {
    /** A helper with none of these traits. */
    public static final HelperTraits NONE = new HelperTraits(false, -1, false, false);
}
