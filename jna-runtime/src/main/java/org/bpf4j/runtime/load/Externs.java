package org.bpf4j.runtime.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import org.bpf4j.backend.btf.Btf;
import org.bpf4j.backend.btf.BtfKind;
import org.bpf4j.backend.btf.BtfType;
import org.bpf4j.backend.btf.CoreRelocator;
import org.bpf4j.backend.btf.KernelBtf;
import org.bpf4j.backend.elf.DataVariable;
import org.bpf4j.runtime.BpfException;
import org.bpf4j.runtime.BpfNotFoundException;
import org.bpf4j.runtime.sys.Errno;

/**
 * An object's externs resolved against the running kernel, as libbpf resolves them. Variables
 * of the {@code .kconfig} DATASEC ({@code CONFIG_*} from the kernel configuration,
 * {@code LINUX_KERNEL_VERSION}, {@code LINUX_HAS_BPF_COOKIE}, {@code LINUX_HAS_SYSCALL_WRAPPER})
 * are laid out in one read-only data map; {@code .ksyms} variables become kernel BTF ids (typed)
 * or addresses from {@code /proc/kallsyms} (typeless, {@code const void}); {@code .ksyms}
 * functions are kfuncs, called by their kernel BTF id. A missing {@code __weak} extern is 0
 * (a weak kfunc's calls are poisoned); a missing strong one fails the load, naming it.
 */
final class Externs {
    static final String KCONFIG = ".kconfig";
    static final String KSYMS = ".ksyms";
    private static final Path KALLSYMS = Path.of("/proc/kallsyms");
    private static final int TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2;
    /** libbpf's test for LINUX_HAS_SYSCALL_WRAPPER: the architecture's wrapped bpf(2) entry exists. */
    private static final Set<String> SYSCALL_WRAPPERS = Set.of("__x64_sys_bpf", "__arm64_sys_bpf", "__s390x_sys_bpf");

    enum Kind { KCONFIG, KSYM, TYPELESS_KSYM, KFUNC }

    /**
     * One extern. {@code value} is the byte offset in the {@code .kconfig} map (whose variable
     * is {@code size} bytes), or a typeless ksym's address; {@code kernelBtfId} a typed ksym's or
     * kfunc's id in vmlinux; both 0 when a weak extern is missing ({@code found} false).
     */
    record Extern(String name, Kind kind, int index, boolean found, long value, int kernelBtfId, int size) {}

    /** libbpf's kconfig value types. */
    private enum ConfigType { BOOL, CHAR, INT, TRISTATE, CHAR_ARRAY }

    private record ConfigVar(String name, int varId, ConfigType type, int size, int align, boolean signed) {}

    private final String object;
    private final Map<String, Extern> byName = new LinkedHashMap<>();
    private final Map<String, Boolean> weak = new HashMap<>();
    private byte[] kconfig = new byte[0];

    private Externs(String object, List<ExternRef> refs) {
        this.object = object;
        for (ExternRef r : refs) weak.merge(r.symbol(), r.weak(), Boolean::logicalAnd);
    }

    /**
     * Resolves the externs declared in {@code btf}'s {@code .kconfig}/{@code .ksyms} DATASECs,
     * which {@code refs} use (an extern no instruction uses is treated as weak).
     */
    static Externs resolve(String object, Optional<Btf> btf, List<ExternRef> refs) {
        Externs e = new Externs(object, refs);
        if (btf.isEmpty()) {
            if (refs.isEmpty()) return e;
            throw new BpfException("object '" + object + "' uses externs " + e.weak.keySet()
                    + " but has no BTF to say what they are");
        }
        e.resolveKconfig(btf.get());
        e.resolveKsyms(btf.get());
        for (String name : e.weak.keySet()) {
            if (!e.byName.containsKey(name)) {
                throw new BpfException("object '" + object + "' refers to undefined symbol '" + name
                        + "', which is neither a __kconfig nor a __ksym extern");
            }
        }
        return e;
    }

    Optional<Extern> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The initial (and final: the map is frozen) contents of the {@code .kconfig} map; empty when unused. */
    byte[] kconfigImage() {
        return kconfig.clone();
    }

    /** The {@code .kconfig} externs with their offsets and sizes, as variables of the kconfig map. */
    List<DataVariable> kconfigVariables() {
        List<DataVariable> vars = new ArrayList<>();
        for (Extern e : byName.values()) {
            if (e.kind() == Kind.KCONFIG) vars.add(new DataVariable(e.name(), (int) e.value(), e.size(), true));
        }
        return vars;
    }

    // ---- .kconfig ----

    private void resolveKconfig(Btf btf) {
        Optional<BtfType.Datasec> sec = datasec(btf, KCONFIG);
        if (sec.isEmpty()) return;
        int offset = 0;
        Map<ConfigVar, Integer> placed = new LinkedHashMap<>();
        for (BtfType.VarSecInfo v : sec.get().vars()) {
            ConfigVar c = configVar(btf, v.type());
            offset = (offset + c.align() - 1) / c.align() * c.align();
            placed.put(c, offset);
            offset += c.size();
        }
        ByteBuffer image = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<ConfigVar, Integer> p : placed.entrySet()) {
            ConfigVar c = p.getKey();
            Optional<String> value = configValue(c.name());
            if (value.isEmpty() && !weak.getOrDefault(c.name(), true)) {
                throw new BpfNotFoundException("object '" + object + "': strong extern " + c.name()
                        + " is not set in the kernel configuration" + configSource() + "; declare it __weak to get 0",
                        Errno.ENOENT);
            }
            value.ifPresent(text -> store(c, text, image.position(p.getValue())));
            byName.put(c.name(), new Extern(c.name(), Kind.KCONFIG, byName.size(), value.isPresent(), p.getValue(), 0,
                    c.size()));
        }
        kconfig = image.array();
    }

    private String configSource() {
        String source = KernelConfig.running().source();
        return source == null ? " (neither /proc/config.gz nor /boot/config-" + KernelConfig.release() + " exists)"
                : " (" + source + ")";
    }

    private ConfigVar configVar(Btf btf, int varId) {
        if (!(btf.type(varId) instanceof BtfType.Var var)) {
            throw new BpfException("object '" + object + "': .kconfig DATASEC holds type #" + varId + ", not a variable");
        }
        String name = var.name();
        int t = btf.skipModifiers(var.type());
        BtfType type = t == 0 ? null : btf.type(t);
        ConfigType kind = configType(btf, type);
        if (kind == null) {
            throw new BpfException("object '" + object + "': extern " + name + " __kconfig has type " + type
                    + "; libbpf allows bool, char, char arrays, 1/2/4/8-byte integers and enum libbpf_tristate");
        }
        int size = (int) btf.sizeOf(t);
        int align = kind == ConfigType.CHAR_ARRAY ? 1 : size;
        boolean signed = type instanceof BtfType.Int i && i.signed();
        return new ConfigVar(name, varId, kind, size, align, signed);
    }

    private static ConfigType configType(Btf btf, BtfType type) {
        if (type instanceof BtfType.Int i) {
            if ((i.encoding() & BtfType.Int.BOOL) != 0) return i.size() == 1 ? ConfigType.BOOL : null;
            if (i.size() == 1) return ConfigType.CHAR;
            return i.size() == 2 || i.size() == 4 || i.size() == 8 ? ConfigType.INT : null;
        }
        if (type instanceof BtfType.Enum en) {
            return en.size() == 4 && en.name().equals("libbpf_tristate") ? ConfigType.TRISTATE : null;
        }
        if (type instanceof BtfType.Array a && a.length() > 0) {
            int element = btf.skipModifiers(a.elementType());
            return element != 0 && configType(btf, btf.type(element)) == ConfigType.CHAR ? ConfigType.CHAR_ARRAY : null;
        }
        return null;
    }

    /** The value libbpf gives {@code name}: its own LINUX_* facts, or the kernel configuration's. */
    private Optional<String> configValue(String name) {
        switch (name) {
            case "LINUX_KERNEL_VERSION":
                return Optional.of(Integer.toString(KernelConfig.version()));
            case "LINUX_HAS_BPF_COOKIE":
                return Optional.of(hasBpfCookie() ? "y" : "n");
            case "LINUX_HAS_SYSCALL_WRAPPER":
                return Optional.of(kallsyms(SYSCALL_WRAPPERS).isPresent() ? "y" : "n");
            default:
                if (name.startsWith("CONFIG_")) return KernelConfig.running().value(name);
                throw new BpfException("object '" + object + "': unrecognized __kconfig extern '" + name
                        + "' (libbpf knows CONFIG_* and LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER)");
        }
    }

    /** The kernel has {@code bpf_get_attach_cookie()} when its BTF knows the helper's id. */
    private static boolean hasBpfCookie() {
        Btf vmlinux = KernelBtf.vmlinux().btf();
        OptionalInt ids = vmlinux.findId("bpf_func_id", BtfKind.ENUM);
        return ids.isPresent() && vmlinux.type(ids.getAsInt(), BtfType.Enum.class).values().stream()
                .anyMatch(v -> v.name().equals("BPF_FUNC_get_attach_cookie"));
    }

    /** Stores configuration text {@code text} as libbpf does for the variable's type. */
    private void store(ConfigVar c, String text, ByteBuffer at) {
        String what = "object '" + object + "': extern " + c.name() + " (kernel config value '" + text + "')";
        char first = text.isEmpty() ? 0 : text.charAt(0);
        if (text.length() == 1 && (first == 'y' || first == 'n' || first == 'm')) {
            switch (c.type()) {
                case BOOL -> {
                    if (first == 'm') throw new BpfException(what + ": 'm' needs a tristate or char, not bool");
                    at.put((byte) (first == 'y' ? 1 : 0));
                }
                case TRISTATE -> at.putInt(first == 'y' ? TRI_YES : first == 'm' ? TRI_MODULE : TRI_NO);
                case CHAR -> at.put((byte) first);
                default -> throw new BpfException(what + ": y/n/m needs a bool, tristate or char");
            }
        } else if (first == '"') {
            if (c.type() != ConfigType.CHAR_ARRAY) throw new BpfException(what + ": a string needs a char array");
            if (text.length() < 2 || !text.endsWith("\"")) throw new BpfException(what + ": unterminated string");
            byte[] bytes = text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8);
            at.put(bytes, 0, Math.min(bytes.length, c.size() - 1));
        } else {
            long value;
            try {
                value = Long.decode(text);
            } catch (NumberFormatException e) {
                throw new BpfException(what + ": not a valid integer");
            }
            if (c.type() != ConfigType.INT && c.type() != ConfigType.CHAR) {
                throw new BpfException(what + ": an integer needs an integer type, not " + c.type());
            }
            if (!fits(value, c.size(), c.signed())) {
                throw new BpfException(what + ": out of range for " + c.size() + (c.signed() ? " signed" : " unsigned")
                        + " bytes");
            }
            switch (c.size()) {
                case 1 -> at.put((byte) value);
                case 2 -> at.putShort((short) value);
                case 4 -> at.putInt((int) value);
                default -> at.putLong(value);
            }
        }
    }

    private static boolean fits(long value, int size, boolean signed) {
        if (size == 8) return true;
        int bits = size * 8;
        return signed ? value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)) : value >= 0 && value < (1L << bits);
    }

    // ---- .ksyms ----

    /**
     * Kfuncs and typed variables are looked up by name in vmlinux BTF and, as in libbpf, their
     * types (the prototype; the variable's type) must be compatible with the kernel's; an
     * incompatible weak kfunc counts as missing.
     */
    private void resolveKsyms(Btf btf) {
        Optional<BtfType.Datasec> sec = datasec(btf, KSYMS);
        if (sec.isEmpty()) return;
        Btf kernel = KernelBtf.vmlinux().btf();
        Types types = new Types(btf, kernel, new CoreRelocator(btf, kernel));
        for (BtfType.VarSecInfo v : sec.get().vars()) {
            BtfType t = btf.type(v.type());
            int index = byName.size();
            if (t instanceof BtfType.Func f) {
                OptionalInt id = kernel.findId(f.name(), BtfKind.FUNC);
                boolean usable = id.isPresent() && compatible(types, f.proto(), kernel.type(id.getAsInt(), BtfType.Func.class).proto(),
                        "kfunc " + f.name() + "'s prototype", weak.getOrDefault(f.name(), true));
                missing(f.name(), "kfunc", !usable);
                byName.put(f.name(), new Extern(f.name(), Kind.KFUNC, index, usable, 0, usable ? id.getAsInt() : 0, 0));
            } else if (t instanceof BtfType.Var var && btf.skipModifiers(var.type()) == 0) {
                Optional<Long> address = kallsyms(var.name());
                missing(var.name(), "typeless ksym (in " + KALLSYMS + ")", address.isEmpty());
                byName.put(var.name(), new Extern(var.name(), Kind.TYPELESS_KSYM, index, address.isPresent(),
                        address.orElse(0L), 0, 0));
            } else if (t instanceof BtfType.Var var) {
                OptionalInt id = kernel.findId(var.name(), BtfKind.VAR);
                missing(var.name(), "ksym variable", id.isEmpty());
                if (id.isPresent()) {
                    compatible(types, var.type(), kernel.type(id.getAsInt(), BtfType.Var.class).type(),
                            "ksym " + var.name() + "'s type", false);
                }
                byName.put(var.name(), new Extern(var.name(), Kind.KSYM, index, id.isPresent(), 0, id.orElse(0), 0));
            } else {
                throw new BpfException("object '" + object + "': .ksyms DATASEC holds " + t + ", not a variable or function");
            }
        }
    }

    /** Whether the types are compatible; when not, false if {@code tolerated}, else a failure naming them. */
    private boolean compatible(Types types, int localType, int kernelType, String what, boolean tolerated) {
        int l = types.local().skipModifiers(localType);
        int k = types.kernel().skipModifiers(kernelType);
        if (l != 0 && k != 0 && types.relocator().compatible(l, k)) return true;
        if (tolerated) return false;
        throw new BpfException("object '" + object + "': " + what + " (" + (l == 0 ? "void" : types.local().type(l))
                + ") is incompatible with the running kernel's (" + (k == 0 ? "void" : types.kernel().type(k)) + ")");
    }

    /** The object's and the kernel's BTF, with libbpf's compatibility check between them. */
    private record Types(Btf local, Btf kernel, CoreRelocator relocator) {}

    private void missing(String name, String what, boolean missing) {
        if (missing && !weak.getOrDefault(name, true)) {
            throw new BpfNotFoundException("object '" + object + "': strong extern " + what + " '" + name
                    + "' is not in the running kernel's BTF (vmlinux); declare it __weak to load without it",
                    Errno.ENOENT);
        }
    }

    private static Optional<BtfType.Datasec> datasec(Btf btf, String name) {
        OptionalInt id = btf.findId(name, BtfKind.DATASEC);
        return id.isEmpty() ? Optional.empty() : Optional.of(btf.type(id.getAsInt(), BtfType.Datasec.class));
    }

    private static Optional<Long> kallsyms(String name) {
        return kallsyms(Set.of(name));
    }

    /** The address of the first of {@code names} in {@code /proc/kallsyms} (0 addresses mean hidden). */
    private static Optional<Long> kallsyms(Set<String> names) {
        try (BufferedReader r = Files.newBufferedReader(KALLSYMS)) {
            for (String line; (line = r.readLine()) != null; ) {
                int a = line.indexOf(' '), b = line.indexOf(' ', a + 1);
                if (a < 0 || b < 0) continue;
                int end = line.indexOf('\t', b + 1);
                String sym = end < 0 ? line.substring(b + 1) : line.substring(b + 1, end);
                if (names.contains(sym)) {
                    long address = Long.parseUnsignedLong(line.substring(0, a), 16);
                    return address == 0 ? Optional.empty() : Optional.of(address);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KALLSYMS, e);
        }
    }
}
