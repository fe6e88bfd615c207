package org.bpf4j.runtime.load;

import java.util.function.IntFunction;

/**
 * Everything PROG_LOAD needs for one program, with code already relocated.
 *
 * @param name program name (the kernel keeps 15 characters)
 * @param progType {@code BPF_PROG_TYPE_*}
 * @param expectedAttachType {@code BPF_*} attach type, 0 when none
 * @param code instructions, 8 bytes per slot
 * @param license "GPL" or compatible for GPL-only helpers
 * @param btfFd loaded BTF of the object, or 0
 * @param funcInfo resolved {@code bpf_func_info} records (may be empty)
 * @param lineInfo resolved {@code bpf_line_info} records (may be empty)
 * @param attachBtfId BTF id of the attach target (fentry/fexit/LSM/tp_btf), or 0
 * @param flags {@code BPF_F_*} program flags (e.g. {@code BPF_F_SLEEPABLE}, {@code BPF_F_XDP_HAS_FRAGS})
 * @param sourceLine source text for an instruction index, or null (for verifier messages)
 */
public record ProgramImage(String name, int progType, int expectedAttachType, byte[] code, String license,
                          int btfFd, byte[] funcInfo, byte[] lineInfo, int attachBtfId, int flags,
                          IntFunction<String> sourceLine) {
    /** bpf_func_info: insn_off, type_id. */
    public static final int FUNC_INFO_SIZE = 8;
    /** bpf_line_info: insn_off, file_name_off, line_off, line_col. */
    public static final int LINE_INFO_SIZE = 16;

    /** A program without BTF: just code, type and license. */
    public static ProgramImage of(String name, int progType, int expectedAttachType, byte[] code, String license) {
        return new ProgramImage(name, progType, expectedAttachType, code, license, 0, new byte[0], new byte[0], 0, 0,
                null);
    }
}
