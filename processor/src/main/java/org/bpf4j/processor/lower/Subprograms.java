package org.bpf4j.processor.lower;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.bpf4j.annotation.BpfFunction;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Type;
import org.bpf4j.compiler.ir.Value;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.source.CompileError;
import org.bpf4j.processor.lower.source.Diagnostics;
import org.bpf4j.processor.lower.source.LangSymbols;
import org.bpf4j.processor.lower.source.SourcePositions;
import org.bpf4j.processor.lower.source.TypedTrees;
import org.bpf4j.processor.model.ProgramDecl;

/**
 * The {@link BpfFunction} methods of one class, each compiled once into a BPF-to-BPF subprogram
 * of the module when a program first calls it. A method whose calls pass memory of different
 * kinds (a stack struct here, a map value there), or arrays of different lengths, gets one
 * subprogram per kind, since the IR types its pointer parameters; so does a method called from
 * programs of different types, whose helpers differ. The copies cost nothing at load time: the
 * loader appends the subprograms a program calls to that program anyway.
 */
final class Subprograms {
    /** BPF passes arguments in r1-r5. */
    static final int MAX_PARAMS = 5;

    private final Module module;
    private final TypedTrees typed;
    private final SourcePositions positions;
    private final ClassSymbols symbols;
    /** The ISA level compiled for (-Abpf4j.cpu), which every function's lowering shares. */
    private final IsaLevel level;
    /** Symbols the object already uses (programs, maps, globals) or will use. */
    private final Set<String> taken;
    private final Map<Key, Compiled> compiled = new HashMap<>();
    private final Map<Key, CompileError> failed = new HashMap<>();
    /** Methods whose declaration breaks a rule: reported once, at the declaration. */
    private final Set<ExecutableElement> invalid = new HashSet<>();
    /** The methods being compiled, outermost first: a call of one of them is recursion. */
    private final Set<ExecutableElement> compiling = new LinkedHashSet<>();

    Subprograms(Module module, TypedTrees typed, SourcePositions positions, ClassSymbols symbols, Set<String> taken,
                IsaLevel level) {
        this.module = module;
        this.level = level;
        this.taken = new HashSet<>(taken);
        this.typed = typed;
        this.positions = positions;
        this.symbols = symbols;
    }

    IsaLevel level() {
        return level;
    }

    /** Adds a subprogram the compiler writes itself (not from a method) the first time a program calls it. */
    void provide(String name, Supplier<Function> build) {
        if (module.function(name) == null) {
            module.addFunction(build.get());
        }
    }

    static boolean isFunction(ExecutableElement method) {
        return method.getAnnotation(BpfFunction.class) != null;
    }

    /**
     * A compiled subprogram: its symbol, IR return type, and the stack bytes its frame and the
     * deepest chain of functions it calls need together.
     */
    /** A compiled subprogram; {@code changesPacket} when it (or a function it calls) may move the packet. */
    record Compiled(String name, Type returnType, int chainStack, boolean changesPacket) {}

    /** What one parameter receives: its IR type and, for memory, the value the callee binds to it. */
    private record Shape(Type type, Object detail) {}

    /** The program type is part of the key: helpers allowed in one type may not be in another. */
    private record Key(ExecutableElement method, ProgramType type, List<Shape> shapes) {}

    /** The parameter kinds of {@code method}'s subprogram for a call passing {@code args}. */
    static List<Type> parameterTypes(ExecutableElement method, List<JValue> args, List<? extends Tree> argTrees) {
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            types.add(parameterType(method, i, args.get(i), argTrees.get(i)));
        }
        return types;
    }

    /**
     * Checks the declaration of every {@code @BpfFunction} method of {@code type} and its nested
     * classes, called or not, reporting each broken rule at the declaration.
     */
    void checkDeclarations(TypeElement type, Trees trees, Diagnostics diagnostics) {
        for (Element e : type.getEnclosedElements()) {
            if (e instanceof TypeElement nested) {
                checkDeclarations(nested, trees, diagnostics);
            } else if (e instanceof ExecutableElement method && isFunction(method) && trees.getTree(method) != null) {
                try {
                    checkDeclaration(method, trees.getTree(method));
                } catch (CompileError error) {
                    invalid.add(method);
                    diagnostics.error(error);
                }
            }
        }
    }

    /** Fails at {@code call} when the method's declaration was reported invalid, else checks it. */
    void checkCallable(ExecutableElement method, MethodTree decl, Tree call) {
        if (invalid.contains(method)) {
            throw Lowering.error(call, "@BpfFunction " + method.getSimpleName() + "() cannot be called until the error at "
                    + "its declaration is fixed");
        }
        checkDeclaration(method, decl);
    }

    /** The subprogram of {@code method} for arguments {@code args} (already converted to the parameter kinds), compiled on first use. */
    Compiled require(ExecutableElement method, MethodTree decl, List<JValue> args, List<Type> types, ProgramDecl caller, Tree call) {
        if (compiling.contains(method)) {
            throw Lowering.error(call, "recursive call of " + method.getSimpleName() + ": BPF functions cannot recurse (the "
                    + "verifier rejects call cycles); rewrite it as a bounded loop");
        }
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            shapes.add(new Shape(types.get(i), detail(args.get(i))));
        }
        Key key = new Key(method, caller.type(), shapes);
        CompileError earlier = failed.get(key);
        if (earlier != null) {
            throw earlier;
        }
        Compiled c = compiled.get(key);
        if (c == null) {
            compiling.add(method);
            try {
                c = compile(method, decl, args, types, caller, freeName(method.getSimpleName().toString()));
            } catch (CompileError e) {
                failed.put(key, e);
                throw e;
            } finally {
                compiling.remove(method);
            }
            compiled.put(key, c);
        }
        return c;
    }

    private Compiled compile(ExecutableElement method, MethodTree decl, List<JValue> args, List<Type> types,
                             ProgramDecl caller, String name) {
        TypeKind returns = method.getReturnType().getKind();
        Type returnType = returns == TypeKind.VOID ? Type.VOID : Scalar.irType(returns);
        FunctionBuilder builder = FunctionBuilder.subprogram(name, returnType, types.toArray(new Type[0]));
        Lowering lowering = new Lowering(typed, positions, symbols, caller, builder, this, name);
        lowering.at(decl);
        Lowering.Frame frame = lowering.pushFrame(method, decl, null);
        for (int i = 0; i < args.size(); i++) {
            VariableElement param = method.getParameters().get(i);
            JValue bound = bind(args.get(i), builder.param(i));
            if (types.get(i) == Type.PACKET) {
                lowering.flow().packetPointer(builder.param(i));
            }
            if (bound instanceof Scalar s) {
                lowering.flow().write(lowering.variable(param), s.value());
            } else {
                frame.bindings.put(param, bound);
            }
        }
        lowering.statements().lower(decl.getBody());
        if (lowering.flow().reachable()) {
            lowering.flow().ret(null);     // javac allows falling off the end of a void method only
        }
        lowering.popFrame();
        lowering.flow().finish();
        module.addFunction(builder.build());
        return new Compiled(name, returnType, lowering.chainStack(), lowering.flow().changesPacket());
    }

    /** What the callee sees for an argument: the same value over its own parameter register. */
    private static JValue bind(JValue arg, Value param) {
        if (arg instanceof Scalar s) {
            return new Scalar(param, s.kind());
        }
        if (arg instanceof JValue.Context c) {
            return new JValue.Context(param, c.type());
        }
        if (arg instanceof JValue.Array a) {
            return new JValue.Array(param, 0, a.elementType(), a.elementSize(), a.length(), a.elementLayout(), a.networkOrder());
        }
        JValue.Struct s = (JValue.Struct) arg;
        return new JValue.Struct(param, 0, s.layout(), s.networkOrder());
    }

    private static Object detail(JValue arg) {
        if (arg instanceof Scalar s) {
            return s.kind();
        }
        if (arg instanceof JValue.Context c) {
            return c.type();
        }
        if (arg instanceof JValue.Array a) {
            return List.of(a.elementType().toString(), a.length(), a.networkOrder());
        }
        JValue.Struct s = (JValue.Struct) arg;
        return List.of(s.layout().element(), s.networkOrder());
    }

    private static Type parameterType(ExecutableElement method, int i, JValue arg, Tree argTree) {
        VariableElement param = method.getParameters().get(i);
        TypeKind kind = param.asType().getKind();
        if (kind.isPrimitive()) {
            return Scalar.irType(kind);
        }
        if (arg instanceof JValue.Context c) {
            return c.pointer().type();
        }
        if (arg instanceof JValue.Struct s && LangSymbols.isStruct(param.asType())) {
            return s.pointer().type().nonNull();
        }
        if (arg instanceof JValue.Array a && kind == TypeKind.ARRAY) {
            return a.pointer().type().nonNull();
        }
        throw Lowering.error(argTree, "'" + argTree + "' cannot be passed to @BpfFunction " + method.getSimpleName()
                + "(): a struct or array parameter takes memory the caller holds (a local, a map value, a packet header, "
                + "a ring-buffer record or an array in one of them), a context parameter the program's context, never null "
                + "or a context array; pass such a value, or copy the values into a local array first");
    }

    private static CompileError unsupportedParameter(ExecutableElement method, VariableTree param) {
        return Lowering.error(param, "parameter " + param.getName() + " of @BpfFunction " + method.getSimpleName()
                + "() has type " + param.getType() + ", which a BPF function cannot take: parameters are primitives, the "
                + "program's context, @BpfStruct classes or arrays; pass the values it needs, or remove @BpfFunction to inline "
                + "the method");
    }

    /** The rules of the declaration itself, whatever the call passes. */
    static void checkDeclaration(ExecutableElement method, MethodTree decl) {
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            throw Lowering.error(decl, "@BpfFunction " + method.getSimpleName() + "() must be static: BPF functions have no "
                    + "receiver object; make it a static method of the program class");
        }
        TypeKind returns = method.getReturnType().getKind();
        if (returns != TypeKind.VOID && !returns.isPrimitive()) {
            throw Lowering.error(decl.getReturnType(), "@BpfFunction " + method.getSimpleName() + "() returns "
                    + decl.getReturnType() + ", but a BPF function returns a primitive or void: the verifier does not let a "
                    + "function return a pointer; fill a struct the caller passes as a parameter, or remove @BpfFunction to "
                    + "inline the method");
        }
        if (method.getParameters().size() > MAX_PARAMS) {
            throw Lowering.error(decl, "@BpfFunction " + method.getSimpleName() + "() takes " + method.getParameters().size()
                    + " parameters; BPF passes at most " + MAX_PARAMS + " arguments in registers; group them in a "
                    + "@BpfStruct or remove @BpfFunction to inline the method");
        }
        for (int i = 0; i < method.getParameters().size(); i++) {
            TypeMirror type = method.getParameters().get(i).asType();
            boolean integral = type.getKind().isPrimitive() && type.getKind() != TypeKind.FLOAT && type.getKind() != TypeKind.DOUBLE;
            if (!integral && type.getKind() != TypeKind.ARRAY && !LangSymbols.isStruct(type) && !LangSymbols.isContext(type)) {
                throw unsupportedParameter(method, decl.getParameters().get(i));
            }
        }
    }

    /** The method's name, or with a suffix when a program, map or another subprogram has it. */
    private String freeName(String method) {
        String name = method;
        for (int n = 2; taken.contains(name); n++) {
            name = method + "_" + n;
        }
        taken.add(name);
        return name;
    }
}
