package org.bpf4j.runtime.load;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.object.btf.Btf;
import org.bpf4j.object.btf.BtfBuilder;
import org.bpf4j.object.btf.BtfFormatException;
import org.bpf4j.object.btf.BtfType;
import org.bpf4j.object.btf.Linkage;

/**
 * Completes an object's BTF the way libbpf does before BTF_LOAD: compilers leave DATASEC sizes
 * (and in {@code .maps} the variable offsets) at zero because only the ELF symbol table knows
 * them; the kernel rejects a DATASEC of size 0 or with overlapping variables. Extern variables
 * and functions, which the kernel refuses too, become allocated: {@code .kconfig} variables sit
 * at their offsets in the kconfig map, {@code .ksyms} entries become 4-byte integers, as in
 * libbpf. Type ids do not change (new types are appended), so CO-RE and map records still hold.
 */
final class BtfSanitizer {
    private static final String DUMMY_KSYM = "dummy_ksym";
    private static final String DUMMY_PARAM = "arg";

    private BtfSanitizer() {}

    static Btf sanitize(Btf btf, SectionLayout layout, Externs externs) {
        BtfBuilder b = BtfBuilder.from(btf);
        for (int id = 1; id <= btf.maxId(); id++) {
            if (!(btf.type(id) instanceof BtfType.Datasec ds)) continue;
            switch (ds.name()) {
                case Externs.KCONFIG -> allocateKconfig(btf, b, id, ds, externs);
                case Externs.KSYMS -> allocateKsyms(btf, b, id, ds);
                default -> placeFromSymbols(btf, b, id, ds, layout);
            }
        }
        return b.build();
    }

    private static void placeFromSymbols(Btf btf, BtfBuilder b, int id, BtfType.Datasec ds, SectionLayout layout) {
        List<BtfType.VarSecInfo> vars = new ArrayList<>();
        long end = 0;
        for (BtfType.VarSecInfo v : ds.vars()) {
            long offset = layout.offset(ds.name(), entry(btf, id, ds, v).name());
            if (offset < 0) offset = v.offset();
            vars.add(new BtfType.VarSecInfo(v.type(), (int) offset, v.size()));
            end = Math.max(end, offset + v.size());
        }
        long size = Math.max(end, Math.max(ds.size(), layout.size(ds.name())));
        if (size != ds.size() || !vars.equals(ds.vars())) b.patchDatasec(id, (int) size, vars);
    }

    private static void allocateKconfig(Btf btf, BtfBuilder b, int id, BtfType.Datasec ds, Externs externs) {
        List<BtfType.VarSecInfo> vars = new ArrayList<>();
        for (BtfType.VarSecInfo v : ds.vars()) {
            if (!(entry(btf, id, ds, v) instanceof BtfType.Var var)) {
                throw new BtfFormatException(where(id, ds) + ": entry " + v.type() + " is not a VAR");
            }
            b.replace(v.type(), new BtfType.Var(var.name(), var.type(), Linkage.GLOBAL));
            long offset = externs.get(var.name()).map(Externs.Extern::value).orElse(0L);
            vars.add(new BtfType.VarSecInfo(v.type(), (int) offset, v.size()));
        }
        b.patchDatasec(id, externs.kconfigImage().length, vars);
    }

    private static void allocateKsyms(Btf btf, BtfBuilder b, int id, BtfType.Datasec ds) {
        int intId = b.addInt("int", 4, true);
        int dummy = -1;
        List<BtfType.VarSecInfo> vars = new ArrayList<>();
        for (BtfType.VarSecInfo v : ds.vars()) {
            BtfType t = entry(btf, id, ds, v);
            int varId = v.type();
            if (t instanceof BtfType.Func f) {
                b.replace(v.type(), new BtfType.Func(f.name(), f.proto(), Linkage.GLOBAL));
                nameParams(b, f.proto());
                if (dummy < 0) dummy = b.add(new BtfType.Var(DUMMY_KSYM, intId, Linkage.GLOBAL));
                varId = dummy;
            } else if (t instanceof BtfType.Var var) {
                b.replace(v.type(), new BtfType.Var(var.name(), intId, Linkage.GLOBAL));
            }
            vars.add(new BtfType.VarSecInfo(varId, vars.size() * 4, 4));
        }
        b.patchDatasec(id, vars.size() * 4, vars);
    }

    /** The type a DATASEC entry names, checked to exist. */
    private static BtfType entry(Btf btf, int id, BtfType.Datasec ds, BtfType.VarSecInfo v) {
        if (v.type() < 1 || v.type() > btf.maxId()) {
            throw new BtfFormatException(where(id, ds) + " has an entry of type id " + v.type()
                    + " (valid ids are 1.." + btf.maxId() + ")");
        }
        return btf.type(v.type());
    }

    private static String where(int id, BtfType.Datasec ds) {
        return "BTF DATASEC '" + ds.name() + "' (id " + id + ")";
    }

    /** The kernel wants named parameters in a global function's prototype; C declarations may omit them. */
    private static void nameParams(BtfBuilder b, int protoId) {
        if (protoId == 0 || !(b.type(protoId) instanceof BtfType.FuncProto proto)) return;
        List<BtfType.Param> params = new ArrayList<>();
        for (BtfType.Param p : proto.params()) {
            params.add(p.type() != 0 && p.name().isEmpty() ? new BtfType.Param(DUMMY_PARAM, p.type()) : p);
        }
        if (!params.equals(proto.params())) b.replace(protoId, new BtfType.FuncProto(proto.returnType(), params));
    }
}
