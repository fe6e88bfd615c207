package org.bpf4j.runtime.load;

import java.util.ArrayList;
import java.util.List;
import org.bpf4j.backend.btf.Btf;
import org.bpf4j.backend.btf.BtfBuilder;
import org.bpf4j.backend.btf.BtfType;

/**
 * Completes an object's BTF the way libbpf does before BTF_LOAD: compilers leave DATASEC sizes
 * (and in {@code .maps} the variable offsets) at zero because only the ELF symbol table knows
 * them; the kernel rejects a DATASEC of size 0 or with overlapping variables.
 */
final class BtfSanitizer {
    private BtfSanitizer() {}

    static Btf sanitize(Btf btf, SectionLayout layout) {
        BtfBuilder b = BtfBuilder.from(btf);
        for (int id = 1; id <= btf.maxId(); id++) {
            if (!(btf.type(id) instanceof BtfType.Datasec ds)) continue;
            List<BtfType.VarSecInfo> vars = new ArrayList<>();
            long end = 0;
            for (BtfType.VarSecInfo v : ds.vars()) {
                long offset = layout.offset(ds.name(), btf.type(v.type()).name());
                if (offset < 0) offset = v.offset();
                vars.add(new BtfType.VarSecInfo(v.type(), (int) offset, v.size()));
                end = Math.max(end, offset + v.size());
            }
            long size = Math.max(end, Math.max(ds.size(), layout.size(ds.name())));
            if (size != ds.size() || !vars.equals(ds.vars())) b.patchDatasec(id, (int) size, vars);
        }
        return b.build();
    }
}
