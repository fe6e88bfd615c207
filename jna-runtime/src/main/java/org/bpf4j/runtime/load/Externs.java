package org.bpf4j.runtime.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.CoreRelocator;
import org.bpf4j.object.btf.KernelBtf;
import org.bpf4j.object.elf.DataVariable;
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
    /** libbpf's test for LINUX_HAS_SYSCALL_WRAPPER: the architecture's wrapped bpf(2) entry exists. */
    private static final Set<String> SYSCALL_WRAPPERS = Set.of("__x64_sys_bpf", "__arm64_sys_bpf", "__s390x_sys_bpf");

    enum Kind { KCONFIG, KSYM, TYPELESS_KSYM, KFUNC }

    /**
     * One extern. {@code value} is the byte offset in the {@code .kconfig} map (whose variable
     * is {@code size} bytes), or a typeless ksym's address; {@code kernelBtfId} a typed ksym's or
     * kfunc's id in vmlinux; both 0 when a weak extern is missing ({@code found} false).
     */
    record Extern(String name, Kind kind, int index, boolean found, long value, int kernelBtfId, int size) {}

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
        Map<KconfigVariable, Integer> placed = new LinkedHashMap<>();
        for (BtfType.VarSecInfo v : sec.get().vars()) {
            KconfigVariable c = KconfigVariable.of(btf, v.type(), object);
            offset = (offset + c.align() - 1) / c.align() * c.align();
            placed.put(c, offset);
            offset += c.size();
        }
        ByteBuffer image = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<KconfigVariable, Integer> p : placed.entrySet()) {
            KconfigVariable c = p.getKey();
            Optional<String> value = configValue(c.name());
            if (value.isEmpty() && !weak.getOrDefault(c.name(), true)) {
                throw new BpfNotFoundException("object '" + object + "': strong extern " + c.name()
                        + " is not set in the kernel configuration" + configSource() + "; declare it __weak to get 0",
                        Errno.ENOENT);
            }
            value.ifPresent(text -> c.store(text, image.position(p.getValue()), object));
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
