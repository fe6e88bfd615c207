package org.bpf4j.processor.lower;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.TypeKind;
import org.bpf4j.annotation.ProgramType;
import org.bpf4j.compiler.Pipeline;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.FunctionBuilder;
import org.bpf4j.compiler.ir.GlobalVar;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.emit.TargetLevelException;
import org.bpf4j.object.isa.IsaLevel;
import org.bpf4j.compiler.regalloc.FrameOverflowException;
import org.bpf4j.processor.lower.JValue.Scalar;
import org.bpf4j.processor.lower.check.SubsetChecker;
import org.bpf4j.processor.lower.source.CompileError;
import org.bpf4j.processor.lower.source.Diagnostics;
import org.bpf4j.processor.lower.source.SourcePositions;
import org.bpf4j.processor.lower.source.TypedTrees;
import org.bpf4j.processor.model.BpfClass;
import org.bpf4j.processor.model.GlobalField;
import org.bpf4j.processor.model.MapField;
import org.bpf4j.processor.model.ProgramDecl;
import org.bpf4j.processor.model.StructModel;
import org.bpf4j.processor.model.StructModels;

/**
 * The compiler front end's entry point: checks the Java subset of every {@code @BpfProgram} of a
 * class, lowers the typed trees to the backend IR and emits the {@code .bpf.o}. Problems are
 * javac errors at the exact tree; nothing escapes as an exception.
 */
public final class ClassCompiler {
    private final ProcessingEnvironment env;
    private final Trees trees;
    private final IsaLevel level;

    public ClassCompiler(ProcessingEnvironment env, Trees trees) {
        this(env, trees, Pipeline.DEFAULT_LEVEL);
    }

    /** Compiles for ISA {@code level} (-Abpf4j.cpu). */
    public ClassCompiler(ProcessingEnvironment env, Trees trees, IsaLevel level) {
        this.env = env;
        this.trees = trees;
        this.level = level;
    }

    /** Compiles every @BpfProgram of the class to a .bpf.o; reports errors via trees.printMessage at exact positions; empty when any error was reported. */
    public Optional<byte[]> compile(BpfClass model, CompilationUnitTree unit) {
        Diagnostics diagnostics = new Diagnostics(trees, unit);
        Optional<Module> module = lower(model, unit, diagnostics);
        if (module.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pipeline.compile(module.get(), level));
        } catch (FrameOverflowException e) {
            // spill slots are known only after register allocation: the lowering's stack checks cannot see them
            diagnostics.error(classTree(model, unit), "the BPF stack of " + model.element().getSimpleName() + " overflows: "
                    + e.getMessage());
            return Optional.empty();
        } catch (TargetLevelException e) {
            diagnostics.error(classTree(model, unit), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            diagnostics.error(classTree(model, unit), "internal compiler error while emitting the BPF object of "
                    + model.element().getSimpleName() + ": " + e + " (please report this with the program)");
            return Optional.empty();
        }
    }

    /** The IR module of the class, or empty when an error was reported. */
    Optional<Module> lower(BpfClass model, CompilationUnitTree unit, Diagnostics diagnostics) {
        TypedTrees typed;
        try {
            typed = new TypedTrees(trees, unit);
        } catch (RuntimeException e) {
            diagnostics.error(classTree(model, unit), "internal compiler error while reading " + unit.getSourceFile().getName()
                    + ": " + e);
            return Optional.empty();
        }
        ClassSymbols symbols = new ClassSymbols(model, new StructModels(env.getElementUtils(), env.getMessager()));
        Module module = new Module(model.license());
        try {
            declare(model, symbols, module);
        } catch (RuntimeException e) {
            diagnostics.error(classTree(model, unit), "internal compiler error while declaring the maps and globals of "
                    + model.element().getSimpleName() + ": " + e);
            return Optional.empty();
        }
        SourcePositions positions = new SourcePositions(trees, unit);
        SubsetChecker checker = new SubsetChecker(typed, diagnostics,
                m -> JdkIntrinsics.isIntrinsic(m) || Copies.isJdkCopy(m));
        int errors = diagnostics.errorCount();
        Set<String> names = new HashSet<>();
        model.programs().forEach(p -> names.add(p.name()));
        module.maps().forEach(m -> names.add(m.name()));
        module.globals().forEach(g -> names.add(g.name()));
        Subprograms subprograms = new Subprograms(module, typed, positions, symbols, names, level);
        subprograms.checkDeclarations(model.element(), trees, diagnostics);
        for (ProgramDecl program : model.programs()) {
            MethodTree method = trees.getTree(program.method());
            if (method == null || method.getBody() == null) {
                continue;
            }
            if (!checker.check(method)) {
                continue;
            }
            try {
                module.addFunction(lowerProgram(program, method, typed, positions, symbols, subprograms));
            } catch (CompileError e) {
                diagnostics.error(e);
            } catch (RuntimeException e) {
                diagnostics.error(method, "internal compiler error while compiling " + program.methodName() + ": " + e
                        + " (please report this with the program)");
            }
        }
        symbols.kernelStructs().declareIn(module);
        return diagnostics.errorCount() == errors ? Optional.of(module) : Optional.empty();
    }

    private static Function lowerProgram(ProgramDecl program, MethodTree method, TypedTrees typed, SourcePositions positions,
                                         ClassSymbols symbols, Subprograms subprograms) {
        TypeKind returns = program.method().getReturnType().getKind();
        if (returns != TypeKind.INT && returns != TypeKind.LONG) {
            throw new CompileError(method.getReturnType(), "a @BpfProgram returns int (its verdict) or long, not " + returns);
        }
        FunctionBuilder builder = FunctionBuilder.program(program.name(), program.section(), Scalar.irType(returns));
        Lowering lowering = new Lowering(typed, positions, symbols, program, builder, subprograms, program.methodName());
        lowering.at(method);
        Lowering.Frame frame = lowering.pushFrame(program.method(), method, null);
        if (program.type().typedArguments()) {
            TypedArguments.bind(lowering, builder.param(0), method);
        } else {
            if (program.method().getParameters().size() != 1) {
                throw new CompileError(method, "a @BpfProgram takes exactly one parameter, its context");
            }
            javax.lang.model.element.VariableElement ctx = program.method().getParameters().get(0);
            frame.bindings.put(ctx, new JValue.Context(builder.param(0),
                    (javax.lang.model.element.TypeElement) ((javax.lang.model.type.DeclaredType) ctx.asType()).asElement()));
        }
        lowering.statements().lower(method.getBody());
        if (lowering.flow().reachable()) {
            throw new CompileError(method, "the end of " + program.methodName() + " is reachable without a return");
        }
        lowering.popFrame();
        lowering.flow().finish();
        return builder.build();
    }

    /** Maps, globals and record structs of the class, as the object declares them. */
    private static void declare(BpfClass model, ClassSymbols symbols, Module module) {
        DataTypes types = new DataTypes(symbols);
        for (MapField m : model.maps()) {
            module.addMap(new MapDecl(m.name(), m.kind().kernelType(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags(),
                    m.pinning().libbpfValue(), types.ofMapType(m.keyType(), m.keySize()).orElse(null),
                    types.ofMapType(m.valueType(), m.valueSize()).orElse(null)));
        }
        if (model.programs().stream().anyMatch(p -> p.type() == ProgramType.USDT)) {
            module.addMap(UsdtArguments.specMap());
        }
        for (GlobalField g : model.globals()) {
            DataType element = DataTypes.scalar(g.type());
            DataType type = g.isArray() ? new DataType.Array(element, g.arrayLength()) : element;
            byte[] initial = null;
            if (g.initialBits() != 0) {
                ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(g.initialBits());
                initial = java.util.Arrays.copyOf(bytes.array(), g.size());
            }
            module.addGlobal(new GlobalVar(g.name(), g.section().sectionName(), type, initial));
        }
        for (StructModel s : model.structs()) {
            module.addStruct(DataTypes.struct(s));
        }
    }

    private Tree classTree(BpfClass model, CompilationUnitTree unit) {
        Tree t = trees.getTree(model.element());
        return t != null ? t : unit;
    }
}
