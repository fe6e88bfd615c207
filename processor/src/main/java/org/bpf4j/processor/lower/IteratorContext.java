package org.bpf4j.processor.lower;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.BpfProgram;
import org.bpf4j.annotation.CName;
import org.bpf4j.compiler.ir.CoreAccess;
import org.bpf4j.compiler.ir.KernelStruct;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.CoreReloKind;

/**
 * The parameters of an iterator program ({@code iter/<target>}): the members of the kernel's
 * context struct {@code bpf_iter__<target>} in their order, {@code IterMeta meta} first, then
 * the target's objects ({@code task_file}: {@code Task task, int fd, File file}); trailing
 * members may be left out. A parameter names its member as a {@code @KernelStruct} field does,
 * by its Java name or {@code @CName}. Each is read by a CO-RE-relocated load from the context,
 * so the kernel's layout of the struct is the one used; when the build machine has kernel BTF,
 * the target, and each parameter's name, kind and size, are checked against it here.
 */
final class IteratorContext {
    private static final String META = "bpf_iter_meta";

    private IteratorContext() {}

    /** A context member as the build machine's kernel declares it. */
    private record KernelMember(String name, int type) {}

    static void bind(Lowering lowering, Value ctx, MethodTree method) {
        String target = lowering.program().attachTarget().orElse("");
        String struct = "bpf_iter__" + target;
        Optional<List<KernelMember>> kernel = BuildMachineBtf.composite(struct).map(IteratorContext::flatMembers);
        if (BuildMachineBtf.present() && kernel.isEmpty()) {
            throw Lowering.error(targetTree(lowering, method), "this machine's kernel has no iterator target '" + target
                    + "': its BTF has no struct " + struct + " (targets are e.g. task, task_file, task_vma, tcp, udp, "
                    + "unix, bpf_map, bpf_map_elem, bpf_prog, bpf_link, cgroup, ksym)");
        }
        List<? extends VariableTree> params = method.getParameters();
        if (params.isEmpty()) {
            throw Lowering.error(method, "an iterator program takes the members of struct " + struct + ", IterMeta meta first");
        }
        if (kernel.isPresent() && params.size() > kernel.get().size()) {
            throw Lowering.error(params.get(kernel.get().size()), "struct " + struct + " has " + kernel.get().size()
                    + " members in this machine's kernel BTF " + kernel.get().stream().map(KernelMember::name).toList()
                    + ", the method declares " + params.size() + " parameters");
        }
        KernelStructs structs = lowering.symbols().kernelStructs();
        List<KernelStruct.Field> fields = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            VariableTree p = params.get(i);
            VariableElement e = (VariableElement) lowering.typed().element(p);
            TypeMirror type = e.asType();
            KernelStruct.FieldType field = fieldType(structs, p, type);
            boolean meta = field instanceof KernelStruct.Pointer ptr && essential(ptr.target()).equals(META);
            if ((i == 0) != meta) {
                throw Lowering.error(p, i == 0 ? "the first parameter of an iterator program is its IterMeta (struct bpf_iter_meta *meta)"
                        : "only the first parameter of an iterator program is its IterMeta");
            }
            String name = cName(e);
            if (kernel.isPresent()) check(p, struct, i, name, field, kernel.get().get(i));
            fields.add(new KernelStruct.Field(name, field, 8 * i));  // local placeholders, relocated
        }
        String local = structs.declareContext(struct, fields);
        for (int i = 0; i < params.size(); i++) {
            VariableElement e = (VariableElement) lowering.typed().element(params.get(i));
            KernelStruct.FieldType field = fields.get(i).type();
            CoreAccess member = new CoreAccess(local, "0:" + i, CoreReloKind.FIELD_BYTE_OFFSET);
            TypeKind kind = e.asType().getKind();
            Type irType = field instanceof KernelStruct.Pointer ? Type.I64 : JValue.Scalar.irType(kind);
            boolean signed = field instanceof KernelStruct.Scalar s && s.signed();
            Value v = lowering.builder().coreLoad(irType, ctx, member, fields.get(i).offset(), field.size(), signed);
            if (field instanceof KernelStruct.Pointer) {
                lowering.frame().bindings.put(e, new JValue.Kernel(v, structs.of(e.asType(), params.get(i)), true));
            } else {
                lowering.flow().write(lowering.variable(e), v);
            }
        }
    }

    private static KernelStruct.FieldType fieldType(KernelStructs structs, VariableTree p, TypeMirror type) {
        if (KernelStructs.isKernelStruct(type)) return new KernelStruct.Pointer(structs.of(type, p).cName());
        int size = switch (type.getKind()) {
            case BYTE -> 1;
            case SHORT, CHAR -> 2;
            case INT -> 4;
            case LONG -> 8;
            default -> throw Lowering.error(p, "an iterator's parameter is a member of its context: a @KernelStruct class "
                    + "(a kernel pointer) or an integer (byte, short, char, int, long), not " + type);
        };
        return new KernelStruct.Scalar(size, type.getKind() != TypeKind.CHAR);
    }

    /** Parameter {@code index} against the kernel's member: the same name, a pointer to the same struct or an integer of the same size. */
    private static void check(VariableTree p, String struct, int index, String name, KernelStruct.FieldType field, KernelMember kernel) {
        Btf btf = BuildMachineBtf.btf().orElseThrow();
        String where = "member " + (index + 1) + " of struct " + struct + " in this machine's kernel BTF is "
                + describe(btf, kernel.type()) + kernel.name();
        if (!name.equals(kernel.name())) {
            throw Lowering.error(p, where + ", the parameter names '" + name + "': name the parameter " + kernel.name()
                    + " or annotate it @CName(\"" + kernel.name() + "\")");
        }
        BtfType t = btf.type(btf.skipModifiers(kernel.type()));
        boolean matches = field instanceof KernelStruct.Pointer ptr
                ? t instanceof BtfType.Ptr kp && btf.type(btf.skipModifiers(kp.type())) instanceof BtfType.Composite c
                        && c.name().equals(essential(ptr.target()))
                : (t instanceof BtfType.Int || t instanceof BtfType.Enum || t instanceof BtfType.Enum64)
                        && btf.sizeOf(btf.skipModifiers(kernel.type())) == field.size();
        if (!matches) {
            String declared = field instanceof KernelStruct.Pointer ptr ? "struct " + essential(ptr.target()) + " *"
                    : "a " + field.size() + "-byte integer";
            throw Lowering.error(p, where + ", the parameter declares " + declared);
        }
    }

    /** The named members, those of the anonymous unions {@code __bpf_md_ptr} wraps pointers in counted as the struct's own. */
    private static List<KernelMember> flatMembers(BtfType.Composite struct) {
        List<KernelMember> out = new ArrayList<>();
        for (BtfType.Member m : struct.members()) {
            if (!m.name().isEmpty()) {
                out.add(new KernelMember(m.name(), m.type()));
            } else {
                BuildMachineBtf.structOrUnion(m.type()).ifPresent(inner -> out.addAll(flatMembers(inner)));
            }
        }
        return out;
    }

    private static String describe(Btf btf, int id) {
        BtfType t = btf.type(btf.skipModifiers(id));
        if (t instanceof BtfType.Ptr ptr) {
            return (btf.type(btf.skipModifiers(ptr.type())) instanceof BtfType.Composite c ? "struct " + c.name() : "void") + " *";
        }
        return btf.sizeOf(btf.skipModifiers(id)) + "-byte " + (t instanceof BtfType.Int i ? i.name() : "integer") + " ";
    }

    private static String cName(VariableElement parameter) {
        CName rename = parameter.getAnnotation(CName.class);
        return rename != null ? rename.value() : parameter.getSimpleName().toString();
    }

    private static String essential(String cName) {
        int flavor = cName.indexOf("___");
        return flavor < 0 ? cName : cName.substring(0, flavor);
    }

    /** Where an unknown target is reported: the {@code target} of the method's {@code @BpfProgram}. */
    private static Tree targetTree(Lowering lowering, MethodTree method) {
        for (AnnotationTree a : method.getModifiers().getAnnotations()) {
            Element type = lowering.typed().element(a.getAnnotationType());
            if (!(type instanceof TypeElement t && t.getQualifiedName().contentEquals(BpfProgram.class.getName()))) continue;
            for (ExpressionTree argument : a.getArguments()) {
                if (argument instanceof AssignmentTree assign && assign.getVariable().toString().equals("target")) return assign;
            }
            return a;
        }
        return method;
    }
}
