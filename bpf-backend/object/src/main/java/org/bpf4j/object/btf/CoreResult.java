package org.bpf4j.object.btf;

/**
 * The outcome of one CO-RE relocation, as libbpf computes it.
 *
 * @param localValue    the value the compiler assumed (from the program's own BTF)
 * @param targetValue   the value for the target kernel; meaningless when {@code poisoned}
 * @param poisoned      no target type matched and the kind has no "missing" value: libbpf
 *                      replaces the instruction with an invalid call so that the verifier
 *                      rejects it unless it is dead code
 * @param localFieldSize  for a FIELD_BYTE_OFFSET on a non-bitfield, the field's size in the
 *                      program's BTF (the width of the load or store); otherwise 0
 * @param targetFieldSize the same in the target BTF, so the loader can resize the access
 * @param targetAccess  the target's access string (e.g. {@code "0:92"}), empty when poisoned
 * @param checkLocalValue whether the instruction must hold {@code localValue} before patching;
 *                      libbpf skips the check for bitfields, where compilers legitimately differ
 * @param sizeAdjustable whether a load or store of the field may change width from
 *                      {@code localFieldSize} to {@code targetFieldSize} (equal sizes, pointers,
 *                      unsigned integers); otherwise libbpf poisons such an access
 */
public record CoreResult(long localValue, long targetValue, boolean poisoned, int localFieldSize,
        int targetFieldSize, String targetAccess, boolean checkLocalValue, boolean sizeAdjustable) {
}
