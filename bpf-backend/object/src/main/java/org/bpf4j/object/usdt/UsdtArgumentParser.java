package org.bpf4j.object.usdt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the argument string of a USDT note ({@code -4@%esi 8@-16(%rbp) 4@$5} on x86-64,
 * {@code -4@[sp, 12] 8@x0 4@5} on arm64): space-separated {@code [-]size@operand}, where a negative
 * size means signed. Index or scale operands ({@code (%rax,%rbx,8)}) and registers without a
 * {@code pt_regs} slot ({@code %ah}, {@code %xmm0}) are rejected: a BPF program cannot read them.
 */
public final class UsdtArgumentParser {
    private static final Pattern ARGUMENT = Pattern.compile("(-?)(\\d+)@(.+)");
    private static final Pattern X86_REGISTER = Pattern.compile("%(\\w+)");
    private static final Pattern X86_CONSTANT = Pattern.compile("\\$(-?\\w+)");
    private static final Pattern X86_MEMORY = Pattern.compile("(-?\\w*)\\(%(\\w+)\\)");
    private static final Pattern X86_SYMBOLIC = Pattern.compile("([A-Za-z_.$][\\w.$]*)([+-]\\d+)?\\(%(\\w+)\\)");
    private static final Pattern ARM64_REGISTER = Pattern.compile("([a-z]\\w*)");
    private static final Pattern ARM64_CONSTANT = Pattern.compile("(-?\\d\\w*)");
    private static final Pattern ARM64_MEMORY = Pattern.compile("\\[([a-z]\\w*)(?:,\\s*(-?\\w+))?]");

    private UsdtArgumentParser() {}

    /** The arguments of {@code spec} (empty for a probe without any); malformed specs throw, naming the operand. */
    public static List<UsdtArgument> parse(String spec, UsdtArch arch) {
        List<UsdtArgument> args = new ArrayList<>();
        for (String token : tokens(spec, arch)) {
            Matcher m = ARGUMENT.matcher(token);
            if (!m.matches()) throw malformed(token, spec, "expected [-]size@operand");
            int size = Integer.parseInt(m.group(2));
            if (size != 1 && size != 2 && size != 4 && size != 8) throw malformed(token, spec, "size must be 1, 2, 4 or 8");
            boolean signed = !m.group(1).isEmpty();
            String operand = m.group(3);
            args.add(arch == UsdtArch.X86_64 ? x86(size, signed, operand, token, spec)
                    : arm64(size, signed, operand, token, spec));
        }
        return List.copyOf(args);
    }

    /** Splits at spaces, except the space after the comma of an arm64 {@code [reg, disp]}. */
    private static List<String> tokens(String spec, UsdtArch arch) {
        String s = arch == UsdtArch.ARM64 ? spec.replaceAll(",\\s+", ",") : spec;
        List<String> tokens = new ArrayList<>();
        for (String t : s.strip().split("\\s+")) {
            if (!t.isEmpty()) tokens.add(t);
        }
        return tokens;
    }

    private static UsdtArgument x86(int size, boolean signed, String operand, String token, String spec) {
        Matcher m;
        if ((m = X86_REGISTER.matcher(operand)).matches()) {
            String reg = m.group(1);
            return UsdtArgument.register(size, signed, reg, slot(UsdtArch.X86_64, reg, token, spec));
        }
        if ((m = X86_CONSTANT.matcher(operand)).matches()) {
            return UsdtArgument.constant(size, signed, number(m.group(1), token, spec));
        }
        if ((m = X86_MEMORY.matcher(operand)).matches() && isNumberOrEmpty(m.group(1))) {
            String reg = m.group(2);
            long disp = m.group(1).isEmpty() ? 0 : number(m.group(1), token, spec);
            return UsdtArgument.memory(size, signed, reg, slot(UsdtArch.X86_64, reg, token, spec), disp);
        }
        if ((m = X86_SYMBOLIC.matcher(operand)).matches()) {
            String reg = m.group(3);
            if (!reg.equals(UsdtArch.X86_64.programCounter)) {
                throw malformed(token, spec, "a symbol is only supported relative to %rip");
            }
            long addend = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            return new UsdtArgument(size, signed, UsdtArgument.Kind.MEMORY, reg, slot(UsdtArch.X86_64, reg, token, spec),
                    addend, m.group(1));
        }
        throw malformed(token, spec, "expected %reg, $constant, disp(%reg) or symbol(%rip)");
    }

    private static UsdtArgument arm64(int size, boolean signed, String operand, String token, String spec) {
        Matcher m;
        if ((m = ARM64_REGISTER.matcher(operand)).matches()) {
            String reg = m.group(1);
            return UsdtArgument.register(size, signed, reg, slot(UsdtArch.ARM64, reg, token, spec));
        }
        if ((m = ARM64_CONSTANT.matcher(operand)).matches()) {
            return UsdtArgument.constant(size, signed, number(m.group(1), token, spec));
        }
        if ((m = ARM64_MEMORY.matcher(operand)).matches()) {
            String reg = m.group(1);
            long disp = m.group(2) == null ? 0 : number(m.group(2), token, spec);
            return UsdtArgument.memory(size, signed, reg, slot(UsdtArch.ARM64, reg, token, spec), disp);
        }
        throw malformed(token, spec, "expected reg, constant, [reg] or [reg, disp]");
    }

    private static int slot(UsdtArch arch, String register, String token, String spec) {
        return arch.ptRegsOffset(register).orElseThrow(() -> malformed(token, spec,
                "register '" + register + "' has no slot in the " + arch + " pt_regs"));
    }

    private static boolean isNumberOrEmpty(String s) {
        return s.isEmpty() || s.matches("-?(0x[0-9a-fA-F]+|\\d+)");
    }

    /** A decimal or 0x-hex number, possibly negative. */
    private static long number(String s, String token, String spec) {
        try {
            boolean negative = s.startsWith("-");
            String digits = negative ? s.substring(1) : s;
            long v = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16)
                    : Long.parseUnsignedLong(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw malformed(token, spec, "'" + s + "' is not a number");
        }
    }

    private static UsdtException malformed(String token, String spec, String why) {
        return new UsdtException("malformed USDT argument '" + token + "' in '" + spec + "': " + why);
    }
}
