package org.bpf4j.object.usdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The value of the USDT spec map: how one probe site's arguments are found, so that a BPF program
 * attached to many sites decodes each site's arguments. The attacher writes one value per site
 * at the index it passes as the site's BPF cookie; the program reads
 * {@code bpf_get_attach_cookie(ctx)} and looks the spec up (an array map, {@code u32} key). The
 * layout, little-endian, {@value #SPEC_SIZE} bytes:
 *
 * <pre>
 * struct bpf4j_usdt_arg {            // 16 bytes
 *     __u64 value;                   //  0: the constant (kind 0) or the displacement (kind 2)
 *     __u16 reg_offset;              //  8: the register's offset in struct pt_regs (kinds 1, 2)
 *     __u8  kind;                    // 10: 0 constant, 1 register, 2 memory at register + value
 *     __u8  size;                    // 11: bytes that count: 1, 2, 4 or 8
 *     __u8  is_signed;               // 12: 1 sign-extends those bytes to 64 bits, 0 zero-extends
 *     __u8  pad[3];
 * };
 * struct bpf4j_usdt_spec {           // 208 bytes
 *     __u64 cookie;                  //  0: the attacher's own cookie for the probe
 *     __u16 arg_count;               //  8: 0..12
 *     __u8  pad[6];
 *     struct bpf4j_usdt_arg args[12];// 16
 * };
 * </pre>
 *
 * Reading argument {@code i}: a register is read as 8 bytes at {@code (void *)ctx + reg_offset}
 * ({@code bpf_probe_read_kernel}, since the offset is not a constant); memory is {@code size}
 * bytes read from user address {@code register + value} ({@code bpf_probe_read_user}); then the
 * low {@code size} bytes are sign- or zero-extended. {@link #cHeader()} gives the C declarations.
 */
public final class UsdtSpecLayout {
    /** The name of the spec map bpf4j's compiler adds to objects with USDT programs, and of libbpf-style C ones. */
    public static final String MAP_NAME = "usdt_specs";
    /** Probe sites attachable at once per object (one spec each), in the spec map bpf4j's compiler adds. */
    public static final int MAP_ENTRIES = 256;
    /** sys/sdt.h's most: STAP_PROBE12. */
    public static final int MAX_ARGS = 12;
    public static final int SPEC_COOKIE = 0, SPEC_ARG_COUNT = 8, SPEC_ARGS = 16;
    public static final int ARG_VALUE = 0, ARG_REG_OFFSET = 8, ARG_KIND = 10, ARG_SIZE = 11, ARG_SIGNED = 12;
    public static final int ARG_BYTES = 16;
    public static final int SPEC_SIZE = SPEC_ARGS + MAX_ARGS * ARG_BYTES;

    private UsdtSpecLayout() {}

    /** The spec map value for a site with these arguments and the attacher's {@code cookie}. */
    public static byte[] encode(List<UsdtArgument> args, long cookie) {
        if (args.size() > MAX_ARGS) {
            throw new IllegalArgumentException(args.size() + " USDT arguments, more than " + MAX_ARGS);
        }
        ByteBuffer b = ByteBuffer.allocate(SPEC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SPEC_COOKIE, cookie).putShort(SPEC_ARG_COUNT, (short) args.size());
        for (int i = 0; i < args.size(); i++) {
            UsdtArgument a = args.get(i);
            if (a.isSymbolic()) throw new IllegalArgumentException("argument " + i + " is still relative to symbol " + a.symbol());
            int at = SPEC_ARGS + i * ARG_BYTES;
            b.putLong(at + ARG_VALUE, a.value())
                    .putShort(at + ARG_REG_OFFSET, (short) Math.max(a.ptRegsOffset(), 0))
                    .put(at + ARG_KIND, (byte) a.kind().code)
                    .put(at + ARG_SIZE, (byte) a.size())
                    .put(at + ARG_SIGNED, (byte) (a.signed() ? 1 : 0));
        }
        return b.array();
    }

    /**
     * The C declarations of the layout for BPF programs written in C, with static assertions
     * that pin every offset to the constants above.
     */
    public static String cHeader() {
        return """
                /* bpf4j USDT spec map value (org.bpf4j.object.usdt.UsdtSpecLayout) */
                #define BPF4J_USDT_MAX_ARGS %d
                enum { BPF4J_USDT_CONSTANT = %d, BPF4J_USDT_REGISTER = %d, BPF4J_USDT_MEMORY = %d };
                struct bpf4j_usdt_arg {
                    __u64 value;
                    __u16 reg_offset;
                    __u8 kind;
                    __u8 size;
                    __u8 is_signed;
                    __u8 pad[3];
                };
                struct bpf4j_usdt_spec {
                    __u64 cookie;
                    __u16 arg_count;
                    __u8 pad[6];
                    struct bpf4j_usdt_arg args[BPF4J_USDT_MAX_ARGS];
                };
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_arg, reg_offset) == %d, "reg_offset");
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_arg, kind) == %d, "kind");
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_arg, size) == %d, "size");
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_arg, is_signed) == %d, "is_signed");
                _Static_assert(sizeof(struct bpf4j_usdt_arg) == %d, "arg size");
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_spec, arg_count) == %d, "arg_count");
                _Static_assert(__builtin_offsetof(struct bpf4j_usdt_spec, args) == %d, "args");
                _Static_assert(sizeof(struct bpf4j_usdt_spec) == %d, "spec size");
                """.formatted(MAX_ARGS, UsdtArgument.Kind.CONSTANT.code, UsdtArgument.Kind.REGISTER.code,
                UsdtArgument.Kind.MEMORY.code, ARG_REG_OFFSET, ARG_KIND, ARG_SIZE, ARG_SIGNED, ARG_BYTES,
                SPEC_ARG_COUNT, SPEC_ARGS, SPEC_SIZE);
    }
}
