package org.bpf4j.processor.lower;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalInt;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.KernelBtf;

/**
 * The build machine's kernel BTF, when it has one: kernel declarations in Java are checked
 * against it at compile time, so a misspelt member is a javac error rather than a load failure.
 * The kernel a program runs on is checked again at load.
 */
final class BuildMachineBtf {
    private static final Optional<Btf> VMLINUX = read();

    private BuildMachineBtf() {}

    private static Optional<Btf> read() {
        if (!Files.isReadable(KernelBtf.VMLINUX)) return Optional.empty();
        try {
            return Optional.of(KernelBtf.load(KernelBtf.VMLINUX).btf());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean present() {
        return VMLINUX.isPresent();
    }

    static Optional<Btf> btf() {
        return VMLINUX;
    }

    /** The kernel's struct or union {@code name}, if the build machine has BTF and the type. */
    static Optional<BtfType.Composite> composite(String name) {
        if (VMLINUX.isEmpty()) return Optional.empty();
        Btf btf = VMLINUX.get();
        OptionalInt id = btf.findId(name, BtfKind.STRUCT);
        if (id.isEmpty()) id = btf.findId(name, BtfKind.UNION);
        return id.isPresent() ? Optional.of((BtfType.Composite) btf.type(id.getAsInt())) : Optional.empty();
    }

    /** Member {@code name} of {@code type}, directly or in an anonymous struct or union (as libbpf searches). */
    static Optional<BtfType.Member> member(BtfType.Composite type, String name) {
        for (BtfType.Member m : type.members()) {
            if (m.name().equals(name)) return Optional.of(m);
            Optional<BtfType.Member> inner = m.name().isEmpty() ? structOrUnion(m.type()).flatMap(c -> member(c, name)) : Optional.empty();
            if (inner.isPresent()) return inner;
        }
        return Optional.empty();
    }

    /** Whether type {@code id} is a pointer, behind modifiers and typedefs. */
    static boolean isPointer(int id) {
        Btf btf = VMLINUX.orElseThrow();
        return btf.type(btf.skipModifiers(id)) instanceof BtfType.Ptr;
    }

    /** The name of the enum type {@code id} is, behind modifiers and typedefs ("" when anonymous); empty for any other type. */
    static Optional<String> enumName(int id) {
        Btf btf = VMLINUX.orElseThrow();
        BtfType t = btf.type(btf.skipModifiers(id));
        if (t instanceof BtfType.Enum e) return Optional.of(e.name());
        return t instanceof BtfType.Enum64 e ? Optional.of(e.name()) : Optional.empty();
    }

    /** The struct or union type {@code id} is, behind modifiers and typedefs; empty for any other type (a pointer). */
    static Optional<BtfType.Composite> structOrUnion(int id) {
        Btf btf = VMLINUX.orElseThrow();
        return btf.type(btf.skipModifiers(id)) instanceof BtfType.Composite c ? Optional.of(c) : Optional.empty();
    }
}
