package org.bpf4j.compiler.emit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bpf4j.compiler.asm.AssembledCode;
import org.bpf4j.compiler.asm.LineRecord;
import org.bpf4j.compiler.ir.CoreAccess;
import org.bpf4j.compiler.ir.DataType;
import org.bpf4j.compiler.ir.Function;
import org.bpf4j.compiler.ir.GlobalVar;
import org.bpf4j.compiler.ir.Instruction;
import org.bpf4j.compiler.ir.MapDecl;
import org.bpf4j.compiler.ir.Module;
import org.bpf4j.compiler.ir.Param;
import org.bpf4j.compiler.ir.SourcePos;
import org.bpf4j.compiler.mir.MFunction;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfExt;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;
import org.bpf4j.object.btf.MapDefinition;
import org.bpf4j.object.btf.MapDefinitions;
import org.bpf4j.object.elf.BpfObject;
import org.bpf4j.object.elf.DataSection;
import org.bpf4j.object.elf.DataVariable;
import org.bpf4j.object.elf.MapSpec;
import org.bpf4j.object.elf.ProgramSpec;

/**
 * IR {@link Module} → libbpf-style object: selects, allocates and assembles every function,
 * lays out global data, and describes everything in BTF (a FUNC and FUNC_PROTO per function,
 * map definitions in {@code .maps}, a DATASEC per data section, the module's struct types and
 * kernel structs) with {@code .BTF.ext} func_info and line_info carrying the Java source lines and
 * a core_relo record per CO-RE-relocated instruction. The stages before
 * it are in {@link org.bpf4j.compiler.Pipeline}.
 */
public final class ObjectEmitter {
    private final Module module;
    private final BtfBuilder btf = new BtfBuilder();
    private final BtfTypes types = new BtfTypes(btf);
    private final Map<String, CodeEmitter.GlobalPlacement> placements = new HashMap<>();

    private final Map<Function, MFunction> machineCode;
    private final Set<Function> verifiedOnce;

    private ObjectEmitter(Module module, Map<Function, MFunction> machineCode) {
        this.module = module;
        this.machineCode = machineCode;
        this.verifiedOnce = VerifiedOnce.of(module);
    }

    /** The object of a checked module whose functions are already allocated machine code. */
    public static BpfObject assemble(Module module, Map<Function, MFunction> machineCode) {
        return new ObjectEmitter(module, machineCode).build();
    }

    private BpfObject build() {
        List<DataSection> data = layOutGlobals();
        List<MapSpec> maps = new ArrayList<>();
        MapDefinitions mapDefs = new MapDefinitions(btf);
        for (MapDecl m : module.maps()) {
            MapDefinition def = new MapDefinition(m.mapType(), m.keySize(), m.keyType() == null ? 0 : types.of(m.keyType()),
                    m.valueSize(), m.valueType() == null ? 0 : types.of(m.valueType()), m.maxEntries(), m.flags(), 0,
                    m.pinning(), 0, null);
            mapDefs.addMap(m.name(), def);
            maps.add(new MapSpec(m.name(), def));
        }
        if (!module.maps().isEmpty()) mapDefs.addMapsSection();
        for (DataType.Struct s : module.structs()) types.of(s);
        KernelStructTypes kernelTypes = new KernelStructTypes(btf, types);
        kernelTypes.describeEnums(module.kernelEnums());
        kernelTypes.describe(module.kernelStructs());

        List<ProgramSpec> programs = new ArrayList<>();
        List<ProgramSpec> subprograms = new ArrayList<>();
        Map<String, Integer> sectionOffsets = new HashMap<>();
        Map<String, List<BtfExt.FuncInfo>> funcInfo = new LinkedHashMap<>();
        Map<String, List<BtfExt.LineInfo>> lineInfo = new LinkedHashMap<>();
        Map<String, List<BtfExt.CoreRelo>> coreRelos = new LinkedHashMap<>();
        // the writer puts .text first, then program sections: lay out in the same order
        List<Function> ordered = new ArrayList<>();
        for (Function f : module.functions()) if (!f.isProgram()) ordered.add(f);
        for (Function f : module.functions()) if (f.isProgram()) ordered.add(f);
        boolean anyPositions = false;
        for (Function f : ordered) anyPositions |= firstPosition(f) != null;
        CallChains chains = new CallChains();
        for (Function f : ordered) {
            SourcePos first = firstPosition(f);
            if (first == null && anyPositions) first = new SourcePos(f.name(), 1, 1, "");
            MFunction mf = machineCode.get(f);
            chains.add(f, mf.frame().size());
            AssembledCode code = CodeEmitter.assemble(mf, placements::get, first);
            ProgramSpec spec = new ProgramSpec(f.section(), f.name(), global(f), code.insns(), code.relocations());
            (f.isProgram() ? programs : subprograms).add(spec);
            int base = sectionOffsets.getOrDefault(f.section(), 0);
            sectionOffsets.put(f.section(), base + code.slots() * 8);
            funcInfo.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(new BtfExt.FuncInfo(base, funcType(f)));
            List<BtfExt.LineInfo> lines = lineInfo.computeIfAbsent(f.section(), k -> new ArrayList<>());
            for (LineRecord l : code.lines()) {
                lines.add(new BtfExt.LineInfo(base + l.byteOffset(), l.file(), l.sourceText(), l.line(), Math.min(l.column(), 1023)));
            }
            for (AssembledCode.Mark m : code.marks()) {
                CoreAccess c = (CoreAccess) m.tag();
                coreRelos.computeIfAbsent(f.section(), k -> new ArrayList<>())
                        .add(new BtfExt.CoreRelo(base + m.byteOffset(), kernelTypes.idOf(c.type()), c.accessString(), c.kind()));
            }
        }
        chains.check();
        List<BtfExt.Section<BtfExt.FuncInfo>> fi = new ArrayList<>();
        funcInfo.forEach((s, r) -> fi.add(new BtfExt.Section<>(s, r)));
        List<BtfExt.Section<BtfExt.LineInfo>> li = new ArrayList<>();
        lineInfo.forEach((s, r) -> {
            if (!r.isEmpty()) li.add(new BtfExt.Section<>(s, r));
        });
        List<BtfExt.Section<BtfExt.CoreRelo>> cr = new ArrayList<>();
        coreRelos.forEach((s, r) -> cr.add(new BtfExt.Section<>(s, r)));
        BtfExt ext = new BtfExt(fi, li, cr);
        ext.addStringsTo(btf);
        return new BpfObject(module.license(), programs, subprograms, maps, data, Optional.of(btf.build()), Optional.of(ext));
    }

    private static SourcePos firstPosition(Function f) {
        for (Instruction i : f.instructions()) if (i.pos() != null) return i.pos();
        return null;
    }

    private int funcType(Function f) {
        List<BtfType.Param> params = new ArrayList<>();
        for (Param p : f.params()) params.add(new BtfType.Param(f.isProgram() ? "ctx" : "arg" + p.index(), types.of(p.type())));
        int proto = btf.add(new BtfType.FuncProto(types.of(f.returnType()), params));
        return btf.addFunc(f.name(), proto, global(f) ? Linkage.GLOBAL : Linkage.STATIC);
    }

    /**
     * Programs, and the subprograms {@link VerifiedOnce} names; the others are static, checked
     * by the verifier at each call in the caller's context, as C's static functions.
     */
    private boolean global(Function f) {
        return f.isProgram() || verifiedOnce.contains(f);
    }

    /** Places globals in their sections at natural alignment; records placements for relocations. */
    private List<DataSection> layOutGlobals() {
        Map<String, List<GlobalVar>> bySection = new LinkedHashMap<>();
        for (GlobalVar g : module.globals()) bySection.computeIfAbsent(g.section(), k -> new ArrayList<>()).add(g);
        List<DataSection> out = new ArrayList<>();
        bySection.forEach((section, vars) -> {
            int size = 0;
            List<DataVariable> dv = new ArrayList<>();
            List<BtfType.VarSecInfo> secInfo = new ArrayList<>();
            Map<GlobalVar, Integer> offsets = new HashMap<>();
            for (GlobalVar g : vars) {
                int align = alignment(g.type());
                size = (size + align - 1) / align * align;
                offsets.put(g, size);
                placements.put(g.name(), new CodeEmitter.GlobalPlacement(section, size));
                dv.add(new DataVariable(g.name(), size, g.type().size(), true));
                int var = btf.addVar(g.name(), types.of(g.type()), Linkage.GLOBAL);
                secInfo.add(new BtfType.VarSecInfo(var, size, g.type().size()));
                size += g.type().size();
            }
            btf.addDatasec(section, size, secInfo);
            if (section.startsWith(".bss")) {
                out.add(DataSection.zeroFilled(section, size, dv));
            } else {
                byte[] bytes = new byte[size];
                for (GlobalVar g : vars) System.arraycopy(g.initial(), 0, bytes, offsets.get(g), g.type().size());
                out.add(DataSection.initialized(section, bytes, dv));
            }
        });
        return out;
    }

    private static int alignment(DataType t) {
        if (t instanceof DataType.Int) return t.size();
        if (t instanceof DataType.Array) return alignment(((DataType.Array) t).element());
        int a = 1;
        for (DataType.Member m : ((DataType.Struct) t).members()) a = Math.max(a, alignment(m.type()));
        return a;
    }
}
