package org.bpf4j.processor.btf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.lang.model.SourceVersion;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.KernelBtf;

/**
 * Writes {@code @KernelStruct} declarations from a kernel's BTF, for the structs and members
 * asked for: the Java counterpart of {@code bpftool btf dump format c}, emitting only what a
 * program reads. Members of anonymous structs and unions are declared flat (CO-RE finds them by
 * name); pointers become references to the generated classes of the pointed-to structs, and
 * structs held by value {@code @Embedded} members of them, when those are asked for too.
 *
 * <pre>
 * java -cp ... org.bpf4j.processor.btf.KernelStructGenerator [--btf FILE] [--package P] [--class C] \
 *      task_struct=pid,tgid,real_parent,comm  mm_struct  pid_type=PIDTYPE_TGID
 * </pre>
 *
 * A struct without {@code =members} gets every member that has a Java shape (integers, char
 * arrays, pointers to generated structs, generated structs by value); named members must have one.
 * Bitfields are {@code @Bits(n)} members: {@code boolean} for one bit, else the integer of their base type's size.
 * A member of a named enum has the type of a generated {@code @KernelEnum} Java enum with all its
 * enumerators (CO-RE matches an enum member only to an enum); one of an anonymous enum has no Java shape.
 * A name that is an enum's gives that {@code @KernelEnum} enum, with the enumerators listed or all of them.
 * A {@code char *} is a {@code String} member.
 */
public final class KernelStructGenerator {
    private final Btf btf;
    private final Map<String, Optional<List<String>>> requests;
    /** The enums members have, by C name, in order of first use: generated after the structs. */
    private final Map<String, List<String>> enums = new LinkedHashMap<>();

    /** @param requests per C struct name, the members to declare, or empty for all that have a Java shape */
    public KernelStructGenerator(Btf btf, Map<String, Optional<List<String>>> requests) {
        this.btf = btf;
        this.requests = requests;
    }

    public static void main(String[] args) throws IOException {
        Path file = KernelBtf.VMLINUX;
        String pkg = "", cls = "KernelTypes";
        Map<String, Optional<List<String>>> requests = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--btf" -> file = Path.of(args[++i]);
                case "--package" -> pkg = args[++i];
                case "--class" -> cls = args[++i];
                default -> {
                    String[] parts = args[i].split("=", 2);
                    requests.put(parts[0], parts.length == 1 ? Optional.empty() : Optional.of(List.of(parts[1].split(","))));
                }
            }
        }
        if (requests.isEmpty()) {
            System.err.println("usage: KernelStructGenerator [--btf FILE] [--package P] [--class C] struct[=member,...]|enum[=enumerator,...]...");
            System.exit(2);
        }
        System.out.print(new KernelStructGenerator(Btf.parse(Files.readAllBytes(file)), requests).source(pkg, cls));
    }

    /** A compilation unit holding one nested class per requested struct. */
    public String source(String pkg, String cls) {
        StringBuilder out = new StringBuilder();
        if (!pkg.isEmpty()) out.append("package ").append(pkg).append(";\n\n");
        out.append("import org.bpf4j.annotation.Bits;\nimport org.bpf4j.annotation.CName;\nimport org.bpf4j.annotation.Embedded;\nimport org.bpf4j.annotation.KernelEnum;\n"
                + "import org.bpf4j.annotation.KernelStruct;\n"
                + "import org.bpf4j.annotation.Size;\n\n");
        out.append("/** Generated from kernel BTF by KernelStructGenerator: only the members asked for. */\n");
        out.append("public final class ").append(cls).append(" {\n");
        out.append("    private ").append(cls).append("() {}\n");
        requests.forEach((name, wanted) -> kernelEnumerators(name).ifPresent(all -> enums.put(name, chosen(name, all, wanted))));
        requests.forEach((name, members) -> {
            if (!enums.containsKey(name)) out.append('\n').append(struct(name, members));
        });
        enums.forEach((name, enumerators) -> out.append('\n').append(enumeration(name, enumerators)));
        return out.append("}\n").toString();
    }

    private String struct(String name, Optional<List<String>> wanted) {
        BtfType.Composite type = composite(name);
        Map<String, BtfType.Member> all = new LinkedHashMap<>();
        flatten(type, all);
        StringBuilder out = new StringBuilder();
        out.append("    @KernelStruct(\"").append(name).append("\")\n");
        out.append("    public static final class ").append(className(name)).append(" {\n");
        for (String member : wanted.orElse(new ArrayList<>(all.keySet()))) {
            BtfType.Member m = all.get(member);
            if (m == null) throw new IllegalArgumentException("struct " + name + " has no member " + member);
            Optional<String> declaration = declaration(m);
            if (declaration.isEmpty() && wanted.isPresent()) {
                throw new IllegalArgumentException(name + "." + member + " has no Java shape (a struct by value or a pointer to "
                        + "a struct not generated here, an anonymous enum)");
            }
            declaration.ifPresent(d -> out.append("        ").append(d).append('\n'));
        }
        return out.append("    }\n").toString();
    }

    private static String enumeration(String name, List<String> enumerators) {
        StringBuilder out = new StringBuilder();
        out.append("    @KernelEnum(\"").append(name).append("\")\n");
        out.append("    public enum ").append(className(name)).append(" {\n");
        for (int i = 0; i < enumerators.size(); i++) {
            String c = enumerators.get(i);
            out.append("        ").append(SourceVersion.isName(c) ? c : "@CName(\"" + c + "\") " + c + "_")
                    .append(i + 1 < enumerators.size() ? ",\n" : "\n");
        }
        return out.append("    }\n").toString();
    }

    /** Named members, with those of anonymous structs and unions lifted, as libbpf matches them. */
    private void flatten(BtfType.Composite type, Map<String, BtfType.Member> out) {
        for (BtfType.Member m : type.members()) {
            if (m.name().isEmpty()) {
                if (btf.type(btf.skipModifiers(m.type())) instanceof BtfType.Composite inner) flatten(inner, out);
            } else {
                out.putIfAbsent(m.name(), m);
            }
        }
    }

    private Optional<String> declaration(BtfType.Member m) {
        String javaName = memberName(m.name());
        String annotations = javaName.equals(m.name()) ? "" : "@CName(\"" + m.name() + "\") ";
        BtfType t = btf.type(btf.skipModifiers(m.type()));
        String javaType = null;
        if (m.bitfieldSize() != 0) {
            annotations = "@Bits(" + m.bitfieldSize() + ") " + annotations;
            if (m.bitfieldSize() == 1) return Optional.of(annotations + "public boolean " + javaName + ";");
        }
        Optional<List<String>> enumerators = enumerators(t);
        if (m.bitfieldSize() == 0 && enumerators.isPresent()) {
            if (t.name().isEmpty()) return Optional.empty();
            enums.putIfAbsent(t.name(), enumerators.get());
            return Optional.of(annotations + "public " + className(t.name()) + " " + javaName + ";");
        }
        if (t instanceof BtfType.Int || enumerators.isPresent()) {
            javaType = switch ((int) btf.sizeOf(btf.skipModifiers(m.type()))) {
                case 1 -> "byte";
                case 2 -> t instanceof BtfType.Int i && !i.signed() ? "char" : "short"; // __u16, __be16: read unsigned
                case 4 -> "int";
                case 8 -> "long";
                default -> null;
            };
        } else if (t instanceof BtfType.Ptr p && btf.type(btf.skipModifiers(p.type())) instanceof BtfType.Int i && i.size() == 1) {
            javaType = "String"; // a kernel string
        } else if (t instanceof BtfType.Ptr p && btf.type(btf.skipModifiers(p.type())) instanceof BtfType.Composite c
                && requests.containsKey(c.name())) {
            javaType = className(c.name());
        } else if (t instanceof BtfType.Composite c && requests.containsKey(c.name())) {
            return Optional.of("@Embedded " + annotations + "public " + className(c.name()) + " " + javaName + ";");
        } else if (t instanceof BtfType.Array a && btf.type(btf.skipModifiers(a.elementType())) instanceof BtfType.Int i && i.size() == 1) {
            return Optional.of(annotations + "@Size(" + a.length() + ") public byte[] " + javaName + ";");
        }
        return javaType == null ? Optional.empty() : Optional.of(annotations + "public " + javaType + " " + javaName + ";");
    }

    /** The enumerators of the kernel's enum of that name, if the name is an enum's. */
    private Optional<List<String>> kernelEnumerators(String name) {
        OptionalInt id = btf.findId(name, BtfKind.ENUM);
        if (id.isEmpty()) id = btf.findId(name, BtfKind.ENUM64);
        return id.isEmpty() ? Optional.empty() : enumerators(btf.type(id.getAsInt()));
    }

    private static Optional<List<String>> enumerators(BtfType t) {
        return t instanceof BtfType.Enum e ? Optional.of(e.values().stream().map(BtfType.EnumValue::name).toList())
                : t instanceof BtfType.Enum64 e ? Optional.of(e.values().stream().map(BtfType.Enum64Value::name).toList())
                : Optional.empty();
    }

    private static List<String> chosen(String name, List<String> all, Optional<List<String>> wanted) {
        wanted.ifPresent(w -> w.stream().filter(c -> !all.contains(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("enum " + name + " has no enumerator " + c);
        }));
        return wanted.orElse(all);
    }

    private BtfType.Composite composite(String name) {
        OptionalInt id = btf.findId(name, BtfKind.STRUCT);
        if (id.isEmpty()) id = btf.findId(name, BtfKind.UNION);
        if (id.isEmpty()) throw new IllegalArgumentException("the BTF has no struct, union or enum " + name);
        return (BtfType.Composite) btf.type(id.getAsInt());
    }

    /** {@code task_struct} → {@code TaskStruct}. */
    static String className(String c) {
        String camel = memberName(c);
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }

    /** {@code real_parent} → {@code realParent}; a Java keyword gets a trailing underscore. */
    static String memberName(String c) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : c.toCharArray()) {
            if (ch == '_' && out.length() > 0) {
                upper = true;
            } else if (ch != '_') {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        String name = out.length() == 0 ? "member" : out.toString();
        return SourceVersion.isKeyword(name) ? name + "_" : name;
    }
}
