package org.bpf4j.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A compilation unit: what becomes one {@code .bpf.o}. Holds functions (programs and
 * subprograms), maps, global variables, extra struct types for BTF and the license.
 */
public final class Module {
    private final String license;
    private final List<Function> functions = new ArrayList<>();
    private final List<MapDecl> maps = new ArrayList<>();
    private final List<GlobalVar> globals = new ArrayList<>();
    private final List<DataType.Struct> structs = new ArrayList<>();
    private final List<KernelStruct> kernelStructs = new ArrayList<>();
    private final List<KernelEnum> kernelEnums = new ArrayList<>();

    /** @param license e.g. {@code "GPL"}; GPL-only helpers need a GPL-compatible license */
    public Module(String license) {
        this.license = Objects.requireNonNull(license, "license");
    }

    public String license() { return license; }

    public Module addFunction(Function f) {
        if (function(f.name()) != null) throw new IrException("function " + f.name() + " is defined twice");
        functions.add(f);
        return this;
    }

    public Module addMap(MapDecl m) {
        if (map(m.name()) != null || global(m.name()) != null) throw new IrException("symbol " + m.name() + " is defined twice");
        maps.add(m);
        return this;
    }

    public Module addGlobal(GlobalVar g) {
        if (map(g.name()) != null || global(g.name()) != null) throw new IrException("symbol " + g.name() + " is defined twice");
        globals.add(g);
        return this;
    }

    /** A struct type to describe in BTF even if no map or global uses it (e.g. ring buffer records). */
    public Module addStruct(DataType.Struct s) {
        structs.add(s);
        return this;
    }

    /** A kernel struct that CO-RE accesses ({@link Op#CORE_VALUE}, {@link Op#CORE_LOAD}) name; described in BTF as libbpf expects local types. */
    public Module addKernelStruct(KernelStruct s) {
        if (kernelStruct(s.name()) != null) throw new IrException("kernel struct " + s.name() + " is declared twice");
        kernelStructs.add(s);
        return this;
    }

    /** A kernel enum that CO-RE enum-value accesses name. */
    public Module addKernelEnum(KernelEnum e) {
        if (kernelEnum(e.name()) != null) throw new IrException("kernel enum " + e.name() + " is declared twice");
        kernelEnums.add(e);
        return this;
    }

    public List<KernelEnum> kernelEnums() { return Collections.unmodifiableList(kernelEnums); }

    public KernelEnum kernelEnum(String name) {
        for (KernelEnum e : kernelEnums) if (e.name().equals(name)) return e;
        return null;
    }

    public List<KernelStruct> kernelStructs() { return Collections.unmodifiableList(kernelStructs); }

    public KernelStruct kernelStruct(String name) {
        for (KernelStruct s : kernelStructs) if (s.name().equals(name)) return s;
        return null;
    }

    public List<Function> functions() { return Collections.unmodifiableList(functions); }

    public List<MapDecl> maps() { return Collections.unmodifiableList(maps); }

    public List<GlobalVar> globals() { return Collections.unmodifiableList(globals); }

    public List<DataType.Struct> structs() { return Collections.unmodifiableList(structs); }

    public Function function(String name) {
        for (Function f : functions) if (f.name().equals(name)) return f;
        return null;
    }

    public MapDecl map(String name) {
        for (MapDecl m : maps) if (m.name().equals(name)) return m;
        return null;
    }

    public GlobalVar global(String name) {
        for (GlobalVar g : globals) if (g.name().equals(name)) return g;
        return null;
    }

    @Override
    public String toString() { return IrPrinter.print(this); }
}
