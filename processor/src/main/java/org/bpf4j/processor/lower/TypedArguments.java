package org.bpf4j.processor.lower;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfKind;
import org.bpf4j.object.btf.BtfType;

/**
 * The parameters of a {@code BPF_PROG}-style program ({@code tp_btf}, iterators): each is one u64 slot of
 * the context, an integer, a {@code boolean} (the kernel's {@code bool}) or a BTF-typed pointer to a
 * {@code @KernelStruct}. When the build
 * machine has kernel BTF they are checked against the target's prototype there, parameter by
 * parameter; the kernel checks them again at load.
 */
final class TypedArguments {
    private TypedArguments() {}

    static void bind(Lowering lowering, Value ctx, MethodTree method) {
        List<? extends VariableTree> params = method.getParameters();
        Optional<List<BtfType.Param>> prototype = prototype(lowering.program().type(), lowering.program().attachTarget().orElse(""));
        if (prototype.isPresent() && prototype.get().size() < params.size()) {
            throw Lowering.error(params.get(prototype.get().size()), target(lowering)
                    + " has " + prototype.get().size() + " arguments in this machine's kernel BTF, the method declares "
                    + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            VariableTree p = params.get(i);
            VariableElement e = (VariableElement) lowering.typed().element(p);
            TypeMirror type = e.asType();
            if (type.getKind() != TypeKind.LONG && type.getKind() != TypeKind.INT && type.getKind() != TypeKind.BOOLEAN
                    && !KernelStructs.isKernelStruct(type)) {
                throw Lowering.error(p, "a typed program argument is an int, a long, a boolean or a @KernelStruct class (a "
                        + "kernel pointer), not " + type);
            }
            if (prototype.isPresent()) check(lowering, p, i, type, prototype.get().get(i));
            JValue v = lowering.kernel().argument(ctx, i, type, p);
            if (v instanceof JValue.Scalar s) {
                lowering.flow().write(lowering.variable(e), s.value());
            } else {
                lowering.frame().bindings.put(e, v);
            }
        }
    }

    /**
     * The target's arguments on the build machine: for {@code tp_btf} the prototype behind the
     * typedef {@code btf_trace_<name>} without its leading context, for iterators the members of
     * the context, which the kernel declares as the parameters of {@code bpf_iter_<name>}.
     */
    private static Optional<List<BtfType.Param>> prototype(ProgramType type, String target) {
        Optional<Btf> machine = BuildMachineBtf.btf();
        if (machine.isEmpty()) return Optional.empty();
        Btf btf = machine.get();
        if (type == ProgramType.ITER) {
            return btf.findId("bpf_iter_" + target, BtfKind.FUNC).stream().mapToObj(id -> {
                BtfType.Func f = btf.type(id, BtfType.Func.class);
                return btf.type(f.proto(), BtfType.FuncProto.class).params();
            }).findFirst();
        }
        return btf.findId("btf_trace_" + target, BtfKind.TYPEDEF).stream().mapToObj(id -> {
            BtfType.Ptr pointer = (BtfType.Ptr) btf.type(btf.skipModifiers(id));
            List<BtfType.Param> all = btf.type(pointer.type(), BtfType.FuncProto.class).params();
            return all.subList(1, all.size());
        }).findFirst();
    }

    private static void check(Lowering lowering, VariableTree p, int index, TypeMirror type, BtfType.Param expected) {
        Btf btf = BuildMachineBtf.btf().orElseThrow();
        BtfType kernel = btf.type(btf.skipModifiers(expected.type()));
        String found;
        if (KernelStructs.isKernelStruct(type)) {
            KernelStructs.Model model = lowering.symbols().kernelStructs().of(type, p);
            if (kernel instanceof BtfType.Ptr ptr && btf.type(btf.skipModifiers(ptr.type())) instanceof BtfType.Composite c
                    && c.name().equals(model.essentialName())) {
                return;
            }
            found = "struct " + model.essentialName() + " *";
        } else if (type.getKind() == TypeKind.BOOLEAN) {
            if (kernel instanceof BtfType.Int i && i.encoding() == BtfType.Int.BOOL) return;
            found = "boolean";
        } else {
            int size = type.getKind() == TypeKind.LONG ? 8 : 4;
            boolean integer = kernel instanceof BtfType.Int || kernel instanceof BtfType.Enum || kernel instanceof BtfType.Enum64;
            if ((integer || kernel instanceof BtfType.Ptr) && btf.sizeOf(btf.skipModifiers(expected.type())) == size) return;
            found = type.toString();
        }
        // the prototypes of tracepoints name no parameters: count them
        throw Lowering.error(p, "argument " + (index + 1) + " of " + target(lowering)
                + " is " + describe(btf, expected.type()) + " in this machine's kernel BTF, the parameter declares " + found);
    }

    private static String target(Lowering lowering) {
        String name = lowering.program().attachTarget().orElse("");
        return lowering.program().type() == ProgramType.ITER ? "iterator " + name : "tracepoint " + name;
    }

    private static String describe(Btf btf, int id) {
        BtfType t = btf.type(btf.skipModifiers(id));
        if (t instanceof BtfType.Ptr ptr) {
            BtfType target = btf.type(btf.skipModifiers(ptr.type()));
            return (target instanceof BtfType.Composite c ? "struct " + c.name() : "a pointer") + " *";
        }
        return t instanceof BtfType.Int i ? i.name() : t.getClass().getSimpleName().toLowerCase();
    }
}
