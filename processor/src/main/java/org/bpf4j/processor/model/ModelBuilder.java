package org.bpf4j.processor.model;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import org.bpf4j.annotation.MapKind;
import org.bpf4j.annotation.Pinning;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.lang.spi.CLayout;

/**
 * Builds the {@link BpfClass} of a class from its elements, reporting every problem as a javac
 * error at the element concerned. A class with errors has no model.
 */
public final class ModelBuilder {
    /** Kernel limit of {@code BPF_OBJ_NAME_LEN} minus the terminating NUL. */
    private static final int KERNEL_NAME_LENGTH = 15;
    private static final int PAGE_SIZE = 4096;

    private final Elements elements;
    private final Types types;
    private final Messager messager;
    private final Trees trees;
    private final Mirrors mirrors;
    private final StructModels layouts;
    private boolean failed;

    public ModelBuilder(ProcessingEnvironment env, Trees trees, StructModels layouts) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.messager = env.getMessager();
        this.trees = trees;
        this.mirrors = new Mirrors(elements);
        this.layouts = layouts;
    }

    /** Whether the class itself declares BPF programs or maps (and so gets a skeleton). */
    public static boolean declaresBpf(TypeElement type) {
        for (Element member : type.getEnclosedElements()) {
            for (AnnotationMirror a : member.getAnnotationMirrors()) {
                String name = ((TypeElement) a.getAnnotationType().asElement())
                        .getQualifiedName().toString();
                if (name.equals(LangNames.BPF_PROGRAM) || name.equals(LangNames.BPF_MAP)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The model, or empty when an error was reported. */
    public Optional<BpfClass> build(TypeElement type) {
        failed = false;
        List<ProgramDecl> programs = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            mirrors.find(method, LangNames.BPF_PROGRAM)
                    .flatMap(a -> program(method, a))
                    .ifPresent(programs::add);
        }
        List<MapField> maps = new ArrayList<>();
        List<VariableElement> globalFields = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> map = mirrors.find(field, LangNames.BPF_MAP);
            if (map.isPresent()) {
                map(field, map.get()).ifPresent(maps::add);
            } else if (isGlobal(field)) {
                globalFields.add(field);
            }
        }
        List<GlobalField> globals = globals(type, globalFields);
        List<StructModel> structs = structs(type, maps);
        String license = license(programs);
        checkUniqueNames(programs, maps, globals);
        if (failed) {
            return Optional.empty();
        }
        return Optional.of(new BpfClass(type, elements.getBinaryName(type).toString(),
                programs, maps, structs, globals, license));
    }

    // ---- programs

    private Optional<ProgramDecl> program(ExecutableElement method, AnnotationMirror a) {
        ProgramType type = ProgramType.valueOf(mirrors.enumName(a, "type"));
        boolean ok = true;
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            ok = error(method, "@BpfProgram method " + method.getSimpleName() + " must be static: "
                    + "a BPF program has no 'this'");
        }
        if (!method.getTypeParameters().isEmpty()) {
            ok = error(method, "@BpfProgram method " + method.getSimpleName()
                    + " must not be generic: BPF code has one concrete type per value");
        }
        String contextName = type.contextClass().getCanonicalName();
        List<? extends VariableElement> params = method.getParameters();
        // BPF_PROG-style types take the target's arguments instead; the lowering checks them
        if (!type.typedArguments() && (params.size() != 1 || !erasedName(params.get(0).asType()).equals(contextName))) {
            ok = error(params.size() == 1 ? params.get(0) : method, "a " + type
                    + " program takes exactly one parameter of type "
                    + type.contextClass().getSimpleName() + " (its context), found ("
                    + describe(params) + ")");
        }
        TypeKind returns = method.getReturnType().getKind();
        if (returns != TypeKind.INT && returns != TypeKind.LONG) {
            ok = error(method, "@BpfProgram method " + method.getSimpleName()
                    + " must return int (its verdict) or long, not " + method.getReturnType());
        } else if (type == ProgramType.LSM && returns != TypeKind.INT) {
            ok = error(method, "an LSM program returns its verdict, an int: 0 allows, -errno refuses");
        } else if (type == ProgramType.FMOD_RET && returns != TypeKind.INT) {
            ok = error(method, "an fmod_ret program returns an int: 0 lets the function run, any other value is "
                    + "returned in its place");
        }
        String target = mirrors.string(a, "target");
        String explicitSection = mirrors.string(a, "section");
        if (!explicitSection.isEmpty()) {
            try {
                ProgramType sectionType = ProgramType.ofSection(explicitSection);
                if (sectionType.kernelProgType() != type.kernelProgType()) {
                    ok = error(method, a, "section \"" + explicitSection + "\" is a " + sectionType
                            + " section, but the program is a " + type);
                }
            } catch (IllegalArgumentException e) {
                ok = error(method, a, "section \"" + explicitSection + "\" is not a section libbpf "
                        + "knows; leave it empty to derive it from type and target");
            }
        }
        // BTF-typed programs (fentry, fexit, fmod_ret, lsm) are verified against their target's BTF at
        // load: the section must name it.
        if (target.isEmpty() && explicitSection.isEmpty() && type.targetInSection()
                && type.expectedAttachType() != ProgramType.NO_ATTACH_TYPE) {
            ok = error(method, a, "a " + type + " program needs its target at load time (the "
                    + "kernel checks it against the target's BTF): set target = \"<kernel "
                    + "function or hook>\"");
        }
        String name = mirrors.string(a, "name");
        if (name.isEmpty()) {
            name = method.getSimpleName().toString();
        } else if (!isCIdentifier(name)) {
            ok = error(method, a, "program name \"" + name + "\" is not a C identifier");
        }
        if (!ok) {
            return Optional.empty();
        }
        String section = explicitSection.isEmpty() ? type.section(target) : explicitSection;
        return Optional.of(new ProgramDecl(method, type, section, name,
                target.isEmpty() ? Optional.empty() : Optional.of(target),
                mirrors.string(a, "license")));
    }

    private String license(List<ProgramDecl> programs) {
        Set<String> licenses = new LinkedHashSet<>();
        programs.forEach(p -> licenses.add(p.license()));
        if (licenses.size() > 1) {
            error(programs.get(0).method(), "the programs of one class share one license "
                    + "section, but they declare " + licenses + ": use one license");
        }
        return licenses.isEmpty() ? "GPL" : licenses.iterator().next();
    }

    // ---- maps

    private Optional<MapField> map(VariableElement field, AnnotationMirror a) {
        if (!field.getModifiers().contains(Modifier.STATIC)) {
            error(field, "@BpfMap field " + field.getSimpleName() + " must be static: "
                    + "a map belongs to the loaded object, not to an instance");
            return Optional.empty();
        }
        TypeMirror fieldType = field.asType();
        Optional<AnnotationMirror> kernelMap = fieldType.getKind() == TypeKind.DECLARED
                ? mirrors.find(((DeclaredType) fieldType).asElement(), LangNames.KERNEL_MAP)
                : Optional.empty();
        if (kernelMap.isEmpty()) {
            error(field, "@BpfMap field " + field.getSimpleName() + " has type " + fieldType
                    + ", which is not a map class of org.bpf4j.lang (BpfHashMap, BpfArrayMap, "
                    + "BpfRingBuffer, ...)");
            return Optional.empty();
        }
        DeclaredType declared = (DeclaredType) fieldType;
        TypeElement mapClass = (TypeElement) declared.asElement();
        MapKind kind = MapKind.valueOf(mirrors.enumName(kernelMap.get(), "value"));
        MapShape shape = MapShape.of(kind);
        if (shape == null) {
            error(field, "map kind " + kind + " of " + mapClass.getSimpleName()
                    + " is not supported by the processor");
            return Optional.empty();
        }
        List<? extends TypeMirror> args = declared.getTypeArguments();
        if (args.size() != shape.typeArguments()) {
            error(field, "@BpfMap field " + field.getSimpleName() + ": " + mapClass.getSimpleName()
                    + " needs " + shape.typeArguments() + " type argument(s), e.g. "
                    + example(shape, mapClass));
            return Optional.empty();
        }
        Optional<TypeMirror> keyType = shape.hasKeyType() ? Optional.of(args.get(0)) : Optional.empty();
        Optional<TypeMirror> valueType = shape.hasValueType()
                ? Optional.of(args.get(args.size() - 1)) : Optional.empty();
        Optional<TypeMirror> recordType = shape.hasRecordType() ? Optional.of(args.get(0)) : Optional.empty();
        int keySize = keyType.map(t -> elementSize(field, t, "key", mirrors.intValue(a, "keySize")))
                .orElse(shape.fixedKeySize());
        int valueSize = valueType.map(t -> elementSize(field, t, "value", mirrors.intValue(a, "valueSize")))
                .orElse(shape.fixedValueSize());
        boolean recordOk = recordType.map(t -> elementSize(field, t, "record", 0) >= 0).orElse(true);
        int maxEntries = mirrors.intValue(a, "maxEntries");
        checkMaxEntries(field, shape, maxEntries);
        String name = mirrors.string(a, "name");
        if (name.isEmpty()) {
            name = field.getSimpleName().toString();
        } else if (!isCIdentifier(name)) {
            error(field, "map name \"" + name + "\" is not a C identifier");
        }
        if (keySize < 0 || valueSize < 0 || !recordOk) {
            return Optional.empty();
        }
        return Optional.of(new MapField(field, name, kind, shape, mapClass, keyType, valueType,
                recordType, keySize, valueSize, maxEntries, mirrors.intValue(a, "flags"),
                Pinning.valueOf(mirrors.enumName(a, "pinning"))));
    }

    /** Size of a key, value or record type, -1 (error reported) when it has none. */
    private int elementSize(VariableElement field, TypeMirror type, String role, int declaredSize) {
        if (type.getKind() == TypeKind.ARRAY
                && ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE) {
            if (role.equals("record")) {
                error(field, "a byte[] record has no fixed size: declare a @BpfStruct record "
                        + "with a @Size(n) byte[] member");
                return -1;
            }
            if (declaredSize > 0) {
                return declaredSize;
            }
            error(field, "a byte[] " + role + " has no fixed size: set @BpfMap(" + role
                    + "Size = n)");
            return -1;
        }
        if (declaredSize > 0) {
            error(field, "@BpfMap(" + role + "Size) applies to byte[] " + role + "s only; the "
                    + role + " type " + type + " fixes the size");
            return -1;
        }
        if (type.getKind() == TypeKind.DECLARED) {
            TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
            Optional<TypeKind> scalar = Scalars.unbox(element.getQualifiedName().toString());
            if (scalar.isPresent()) {
                return Scalars.size(scalar.get()).orElseThrow();
            }
            if (layouts.isStruct(element)) {
                return layouts.layoutOf(element).map(StructModel::size).orElseGet(() -> {
                    failed = true;
                    return -1;
                });
            }
        }
        error(field, "map " + role + " type " + type + " has no kernel layout: use Byte, Short, Character, "
                + "Integer, Long, a @BpfStruct class or byte[]");
        return -1;
    }

    private void checkMaxEntries(VariableElement field, MapShape shape, int maxEntries) {
        if (shape == MapShape.PERF ? maxEntries < 0 : maxEntries <= 0) {
            error(field, "@BpfMap(maxEntries) must be positive, was " + maxEntries);
        } else if (shape == MapShape.RING
                && (Integer.bitCount(maxEntries) != 1 || maxEntries % PAGE_SIZE != 0)) {
            error(field, "a ring buffer's maxEntries is its size in bytes and must be a power of "
                    + "two and a multiple of the page size (4096), was " + maxEntries);
        }
    }

    private static String example(MapShape shape, TypeElement mapClass) {
        String name = mapClass.getSimpleName().toString();
        return switch (shape) {
            case KEYED -> name + "<Integer, Long>";
            case INDEXED -> name + "<Long>";
            case RING, PERF -> name + "<MyEvent>";
            case FD_ARRAY -> name;
        };
    }

    // ---- globals

    private boolean isGlobal(VariableElement field) {
        Set<Modifier> modifiers = field.getModifiers();
        boolean config = mirrors.has(field, LangNames.BPF_CONFIG);
        if (!modifiers.contains(Modifier.STATIC)) {
            if (config) {
                error(field, "@BpfConfig field " + field.getSimpleName() + " must be static");
            }
            return false;
        }
        if (modifiers.contains(Modifier.FINAL)) {
            if (config) {
                error(field, "@BpfConfig field " + field.getSimpleName() + " must not be final: "
                        + "javac would fold its value into the code, so setting it before load "
                        + "would have no effect");
            }
            return false;
        }
        return true;
    }

    private List<GlobalField> globals(TypeElement type, List<VariableElement> fields) {
        Map<GlobalSection, Integer> ends = new EnumMap<>(GlobalSection.class);
        List<GlobalField> globals = new ArrayList<>();
        TreePath path = trees.getPath(type);
        ConstantEvaluator evaluator = new ConstantEvaluator(type, elements,
                path == null ? List.of() : path.getCompilationUnit().getImports());
        for (VariableElement field : fields) {
            TypeMirror t = field.asType();
            boolean isArray = t.getKind() == TypeKind.ARRAY;
            TypeKind kind = isArray ? ((ArrayType) t).getComponentType().getKind() : t.getKind();
            Optional<Integer> elementSize = Scalars.size(kind);
            Optional<Integer> declaredLength = mirrors.find(field, LangNames.SIZE)
                    .map(m -> mirrors.intValue(m, "value"));
            if (t.getKind() == TypeKind.DECLARED
                    && mirrors.has(((DeclaredType) t).asElement(), LangNames.KERNEL_MAP)) {
                error(field, "static field " + field.getSimpleName() + " is a map: annotate it "
                        + "with @BpfMap(maxEntries = n)");
                continue;
            }
            if (elementSize.isEmpty()) {
                error(field, "static field " + field.getSimpleName() + " of type " + t
                        + " cannot be a BPF global: use a primitive (no floating point) or a "
                        + "@Size primitive array; make Java-only fields final or move them out "
                        + "of the BPF class");
                continue;
            }
            if (isArray != declaredLength.isPresent()) {
                error(field, isArray
                        ? "global array " + field.getSimpleName() + " needs a fixed length: @Size(n)"
                        : "@Size applies to arrays only; " + field.getSimpleName() + " is a " + t);
                continue;
            }
            int length = declaredLength.orElse(0);
            if (isArray && length <= 0) {
                error(field, "@Size of " + field.getSimpleName() + " must be positive, was " + length);
                continue;
            }
            Optional<Object> initial = initialValue(field, evaluator, kind, isArray, length);
            if (initial == null) {
                continue;
            }
            GlobalSection section = mirrors.has(field, LangNames.BPF_CONFIG) ? GlobalSection.RODATA
                    : initial.isPresent() ? GlobalSection.DATA : GlobalSection.BSS;
            int size = elementSize.get() * Math.max(1, length);
            int offset = CLayout.align(ends.getOrDefault(section, 0), elementSize.get());
            ends.put(section, offset + size);
            globals.add(new GlobalField(field, field.getSimpleName().toString(), section, offset,
                    size, kind, length, initial));
        }
        return globals;
    }

    /** The non-zero constant initial value; empty for zero or none; null after an error. */
    private Optional<Object> initialValue(VariableElement field, ConstantEvaluator evaluator,
            TypeKind kind, boolean isArray, int length) {
        Tree tree = trees.getTree(field);
        ExpressionTree init = tree instanceof VariableTree v ? v.getInitializer() : null;
        if (init == null) {
            return Optional.empty();
        }
        if (isArray) {
            if (init instanceof NewArrayTree array && array.getInitializers() == null
                    && array.getDimensions().size() == 1) {
                Optional<Object> dim = evaluator.evaluate(array.getDimensions().get(0), TypeKind.INT);
                if (dim.isPresent() && ((Integer) dim.get()) == length) {
                    return Optional.empty();
                }
            }
            error(field, "global array " + field.getSimpleName() + " starts zeroed in the kernel: "
                    + "initialize it with nothing or new " + kind.toString().toLowerCase() + "["
                    + length + "]");
            return null;
        }
        Optional<Object> value;
        try {
            value = evaluator.evaluate(init, kind);
        } catch (Foldables.Failure failure) {
            error(field, "the initial value of global " + field.getSimpleName() + ": " + failure.getMessage());
            return null;
        }
        if (value.isEmpty()) {
            error(field, "the initial value of global " + field.getSimpleName() + " must be a "
                    + "compile-time constant: it is written into the object file");
            return null;
        }
        boolean zero = value.get() instanceof Boolean b ? !b
                : ConstantEvaluator.convert(value.get(), TypeKind.LONG).equals(0L);
        return zero ? Optional.empty() : value;
    }

    // ---- structs

    /** Structs declared in the class (at any depth) and those its maps use, members included. */
    private List<StructModel> structs(TypeElement type, List<MapField> maps) {
        Set<TypeElement> found = new LinkedHashSet<>();
        collectDeclared(type, found);
        for (MapField map : maps) {
            for (Optional<TypeMirror> t : List.of(map.keyType(), map.valueType(), map.recordType())) {
                t.filter(layouts::isStruct)
                        .ifPresent(s -> found.add((TypeElement) ((DeclaredType) s).asElement()));
            }
        }
        Set<StructModel> result = new LinkedHashSet<>();
        for (TypeElement struct : found) {
            Optional<StructModel> layout = layouts.layoutOf(struct);
            if (layout.isEmpty()) {
                failed = true;
            }
            layout.ifPresent(l -> addWithMembers(l, result));
        }
        return new ArrayList<>(result);
    }

    private void collectDeclared(TypeElement type, Set<TypeElement> found) {
        for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
            if (layouts.isStruct(nested)) {
                found.add(nested);
            }
            collectDeclared(nested, found);
        }
    }

    private static void addWithMembers(StructModel layout, Set<StructModel> result) {
        for (FieldLayout f : layout.fields()) {
            f.nested().ifPresent(n -> addWithMembers(n, result));
        }
        result.add(layout);
    }

    // ---- names

    private void checkUniqueNames(List<ProgramDecl> programs, List<MapField> maps, List<GlobalField> globals) {
        Map<String, Element> symbols = new HashMap<>();
        Map<String, String> kernelNames = new HashMap<>();
        for (ProgramDecl p : programs) {
            unique(p.name(), p.method(), symbols, kernelNames);
        }
        for (MapField m : maps) {
            unique(m.name(), m.field(), symbols, kernelNames);
        }
        for (GlobalField g : globals) {
            unique(g.name(), g.field(), symbols, null);
        }
    }

    /** ELF symbols must differ; so must program and map names as the kernel truncates them. */
    private void unique(String name, Element element, Map<String, Element> symbols,
            Map<String, String> kernelNames) {
        Element previous = symbols.putIfAbsent(name, element);
        if (previous != null) {
            error(element, "the name '" + name + "' is already used by " + previous.getSimpleName()
                    + ": object symbols must be unique; set a different name");
            return;
        }
        if (kernelNames != null) {
            String clash = kernelNames.putIfAbsent(truncated(name), name);
            if (clash != null) {
                error(element, "'" + name + "' and '" + clash + "' look the same to the kernel, "
                        + "which keeps the first " + KERNEL_NAME_LENGTH + " characters: set a "
                        + "shorter name");
            }
        }
    }

    private static String truncated(String name) {
        return name.length() > KERNEL_NAME_LENGTH ? name.substring(0, KERNEL_NAME_LENGTH) : name;
    }

    // ---- helpers

    private static boolean isCIdentifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    private String erasedName(TypeMirror type) {
        TypeMirror erased = types.erasure(type);
        return erased.getKind() == TypeKind.DECLARED
                ? ((TypeElement) ((DeclaredType) erased).asElement()).getQualifiedName().toString()
                : erased.toString();
    }

    private static String describe(List<? extends VariableElement> params) {
        List<String> parts = new ArrayList<>();
        params.forEach(p -> parts.add(p.asType().toString()));
        return String.join(", ", parts);
    }

    private boolean error(Element element, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element);
        failed = true;
        return false;
    }

    private boolean error(Element element, AnnotationMirror annotation, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation);
        failed = true;
        return false;
    }
}
