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
 * The parameters of a {@code BPF_PROG}-style program ({@code tp_btf}, fentry/fexit/fmod_ret, LSM; an
 * iterator's are its context's members, {@link IteratorContext}): each is one u64 slot of the context, an integer, a {@code boolean} (the kernel's
 * {@code bool}) or a BTF-typed pointer to a {@code @KernelStruct}. For fexit, fmod_ret and LSM the slot after the arguments is the
 * return value (fmod_ret's: that of the previous fmod_ret programs; LSM's: the verdict of the previous LSM programs), an optional
 * last parameter. When the build
 * machine has kernel BTF the parameters are checked against the target's prototype there,
 * parameter by parameter; the kernel checks them again at load.
 */
final class TypedArguments {
    private TypedArguments() {}

    static void bind(Lowering lowering, Value ctx, MethodTree method) {
        ProgramType type = lowering.program().type();
        if (type == ProgramType.ITER) {
            IteratorContext.bind(lowering, ctx, method);
            return;
        }
        List<? extends VariableTree> params = method.getParameters();
        Optional<BtfType.FuncProto> prototype = prototype(type, lowering.program().attachTarget().orElse(""));
        if (prototype.isPresent()) {
            if (type == ProgramType.FMOD_RET && !returnsInteger(prototype.get())) {
                throw Lowering.error(method, "fmod_ret replaces an integer return value, but " + target(lowering)
                        + " returns " + (prototype.get().returnType() == 0 ? "void"
                                : describe(BuildMachineBtf.btf().orElseThrow(), prototype.get().returnType()))
                        + " in this machine's kernel BTF");
            }
            int slots = prototype.get().params().size() + (hasReturnSlot(type) ? 1 : 0);
            if (slots < params.size()) {
                throw Lowering.error(params.get(slots), target(lowering) + " has " + prototype.get().params().size()
                        + " arguments in this machine's kernel BTF" + (hasReturnSlot(type) ? " (and its return value)" : "")
                        + ", the method declares " + params.size() + " parameters");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            VariableTree p = params.get(i);
            VariableElement e = (VariableElement) lowering.typed().element(p);
            TypeMirror javaType = e.asType();
            if (integerSize(javaType.getKind()) == 0 && javaType.getKind() != TypeKind.BOOLEAN && !KernelStructs.isKernelStruct(javaType)) {
                throw Lowering.error(p, "a typed program argument is an integer (byte, short, char, int, long), a boolean or a "
                        + "@KernelStruct class (a kernel pointer), not " + javaType);
            }
            if (prototype.isPresent()) check(lowering, p, i, javaType, prototype.get());
            JValue v = lowering.kernel().argument(ctx, i, javaType, p);
            if (v instanceof JValue.Scalar s) {
                lowering.flow().write(lowering.variable(e), s.value());
            } else {
                lowering.frame().bindings.put(e, v);
            }
        }
    }

    /** Whether the context has a slot after the arguments: fexit's return value, fmod_ret's and the LSM verdict so far. */
    private static boolean hasReturnSlot(ProgramType type) {
        return type == ProgramType.FEXIT || type == ProgramType.FMOD_RET || type == ProgramType.LSM;
    }

    /**
     * The target's prototype on the build machine: for fentry/fexit/fmod_ret the function's, for LSM the
     * hook's ({@code bpf_lsm_<hook>}, the function the kernel attaches LSM programs to), for
     * {@code tp_btf} the one behind the typedef {@code btf_trace_<name>} without its leading
     * context. Empty when the target is not in vmlinux (a module's).
     */
    private static Optional<BtfType.FuncProto> prototype(ProgramType type, String target) {
        Optional<Btf> machine = BuildMachineBtf.btf();
        if (machine.isEmpty()) return Optional.empty();
        Btf btf = machine.get();
        if (type == ProgramType.TP_BTF) {
            return btf.findId("btf_trace_" + target, BtfKind.TYPEDEF).stream().mapToObj(id -> {
                BtfType.Ptr pointer = (BtfType.Ptr) btf.type(btf.skipModifiers(id));
                BtfType.FuncProto all = btf.type(pointer.type(), BtfType.FuncProto.class);
                return new BtfType.FuncProto(all.returnType(), all.params().subList(1, all.params().size()));
            }).findFirst();
        }
        String function = switch (type) {
            case LSM -> "bpf_lsm_" + target;
            default -> target;
        };
        return btf.findId(function, BtfKind.FUNC).stream()
                .mapToObj(id -> btf.type(btf.type(id, BtfType.Func.class).proto(), BtfType.FuncProto.class))
                .findFirst();
    }

    private static void check(Lowering lowering, VariableTree p, int index, TypeMirror type, BtfType.FuncProto prototype) {
        Btf btf = BuildMachineBtf.btf().orElseThrow();
        boolean returnSlot = index == prototype.params().size();
        String slot = returnSlot ? "the return value of " + target(lowering) : "argument " + (index + 1) + " of " + target(lowering);
        int expected = returnSlot ? prototype.returnType() : prototype.params().get(index).type();
        if (returnSlot && expected == 0) {
            throw Lowering.error(p, target(lowering) + " returns void in this machine's kernel BTF: it has "
                    + prototype.params().size() + " arguments and no return value");
        }
        BtfType kernel = btf.type(btf.skipModifiers(expected));
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
            boolean integer = kernel instanceof BtfType.Int || kernel instanceof BtfType.Enum || kernel instanceof BtfType.Enum64;
            if ((integer || kernel instanceof BtfType.Ptr) && btf.sizeOf(btf.skipModifiers(expected)) == integerSize(type.getKind())) {
                return;
            }
            found = type.toString();
        }
        // tracepoint prototypes name no parameters: count them
        throw Lowering.error(p, slot + " is " + describe(btf, expected) + " in this machine's kernel BTF, the parameter declares " + found);
    }

    /** Whether the function returns an integer, the only return value the kernel lets fmod_ret replace. */
    private static boolean returnsInteger(BtfType.FuncProto prototype) {
        Btf btf = BuildMachineBtf.btf().orElseThrow();
        return prototype.returnType() != 0 && btf.type(btf.skipModifiers(prototype.returnType())) instanceof BtfType.Int;
    }

    /** The size of a Java integer parameter, 0 for other types. */
    private static int integerSize(TypeKind kind) {
        return switch (kind) {
            case BYTE -> 1;
            case SHORT, CHAR -> 2;
            case INT -> 4;
            case LONG -> 8;
            default -> 0;
        };
    }

    private static String target(Lowering lowering) {
        String name = lowering.program().attachTarget().orElse("");
        return switch (lowering.program().type()) {
            case TP_BTF -> "tracepoint " + name;
            case LSM -> "LSM hook " + name;
            default -> "function " + name;
        };
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
